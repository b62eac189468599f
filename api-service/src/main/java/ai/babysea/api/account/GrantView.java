package ai.babysea.api.account;

import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer of an operator grant: the credits added and the balance the ledger reports after it (null when it reported none). */
public record GrantView(String accountId, BigDecimal creditsGranted, @Schema(nullable = true) BigDecimal creditBalance) {
}
