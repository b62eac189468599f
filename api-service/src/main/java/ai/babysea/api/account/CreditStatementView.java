package ai.babysea.api.account;

import java.math.BigDecimal;
import java.util.List;

/** `data` of `GET /v1/user/credits`: one page of the ledger's credit statement, newest first, amounts in credits. */
public record CreditStatementView(String accountId, List<Entry> entries) {

    /** One transfer of the statement and the balance after it. */
    public record Entry(String transferId, String type, BigDecimal amount, BigDecimal balanceAfter, String generationId,
            String modelIdentifier, String description, String createdAt) {
    }
}
