package ai.babysea.api.account;

import ai.babysea.api.http.Envelopes;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders accounts with the exact field names of `/v1/user/account` (§2.3) and `/v1/user/billing` (§2.4). */
public final class AccountViews {
    private AccountViews() {
    }

    /** §2.3 fields. */
    public static Map<String, Object> account(Account account) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("account_id", account.accountId().toString());
        data.put("account_name", account.name());
        data.put("account_email", account.email());
        data.put("account_is_personal", account.personal());
        data.put("account_picture_url", account.pictureUrl());
        data.put("account_created_at", Envelopes.iso(account.createdAt()));
        return data;
    }

    /** §2.4 fields; `balanceMicros` null renders a null balance (ledger unavailable). */
    public static Map<String, Object> billing(Account account, Long balanceMicros) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("account_id", account.accountId().toString());
        data.put("billing_plan", account.plan());
        data.put("billing_credit_balance", balanceMicros == null ? null : Envelopes.credits(balanceMicros));
        data.put("billing_subscription_status", account.subscriptionStatus());
        data.put("billing_cancel_at_period_end", account.cancelAtPeriodEnd());
        data.put("billing_currency", account.currency());
        data.put("billing_period_starts_at", Envelopes.iso(account.periodStartsAt()));
        data.put("billing_period_ends_at", Envelopes.iso(account.periodEndsAt()));
        data.put("billing_created_at", Envelopes.iso(account.createdAt()));
        data.put("billing_updated_at", Envelopes.iso(account.updatedAt()));
        return data;
    }
}
