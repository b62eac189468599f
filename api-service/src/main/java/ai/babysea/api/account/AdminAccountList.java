package ai.babysea.api.account;

import java.util.List;

/**
 * `data` of `GET /v1/admin/accounts`: one page of the region's accounts, newest first; `billing_credit_balance` is the
 * ledger's available balance as last projected here (null before the account's first ledger event).
 */
public record AdminAccountList(List<AdminAccountView> accounts) {
}
