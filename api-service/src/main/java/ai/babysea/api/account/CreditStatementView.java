package ai.babysea.api.account;

import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** `data` of `GET /v1/user/credits`: one page of the ledger's credit statement, newest first, amounts in credits. */
public record CreditStatementView(String accountId, List<Entry> entries) {

    /** One transfer of the statement and the balance after it. */
    @Schema(name = "CreditStatementEntry")
    public record Entry(String transferId, String type, BigDecimal amount, BigDecimal balanceAfter, @Schema(nullable = true) String generationId,
            @Schema(nullable = true) String modelIdentifier, @Schema(nullable = true) String description, String createdAt) {
    }
}
