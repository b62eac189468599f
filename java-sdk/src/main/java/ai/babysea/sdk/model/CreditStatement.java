package ai.babysea.sdk.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** `GET /v1/user/credits`: the credit ledger, newest first; amounts in credits. */
public record CreditStatement(String accountId, List<Entry> entries, long total, int limit, int offset) {

    /** One transfer: `type` is `reserve`, `charge`, `refund` or `add`. */
    public record Entry(String transferId, String type, BigDecimal amount, BigDecimal balanceAfter, String generationId,
            String modelIdentifier, String description, Instant createdAt) {
    }
}
