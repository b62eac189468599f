package ai.babysea.api.account;

import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of `POST /v1/admin/accounts/{account_id}/grants` as the document describes it; {@link AdminResource} reads it strictly. */
@Schema(description = "Exactly one of `credits` and `amount_micros`.")
public record CreditGrantRequest(
        @Schema(description = "Credits, positive, at most 3 decimals, at most 10,000,000.", example = "10.000")
        BigDecimal credits,
        @Schema(description = "Micro-credits (1 credit = 1,000,000), positive.", minimum = "1")
        Long amountMicros,
        @Schema(description = "Makes the grant idempotent; random when omitted.", maxLength = 200, example = "welcome:acme")
        String grantKey,
        @Schema(description = "Shown in the credit statement; default `operator grant`.", maxLength = 500)
        String description) {
}
