package ai.babysea.api.account;

import ai.babysea.api.http.Envelopes;
import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** `data` of `GET /v1/user/billing`; the balance is null when the ledger's is unknown. */
public record BillingView(String accountId, String billingPlan, @Schema(nullable = true) BigDecimal billingCreditBalance, @Schema(nullable = true) String billingSubscriptionStatus,
        @Schema(nullable = true) Boolean billingCancelAtPeriodEnd, @Schema(nullable = true) String billingCurrency, @Schema(nullable = true) String billingPeriodStartsAt, @Schema(nullable = true) String billingPeriodEndsAt,
        String billingCreatedAt, String billingUpdatedAt) {

    /** The view of an account's billing; {@code balanceMicros} null renders a null balance. */
    static BillingView of(Account account, Long balanceMicros) {
        return new BillingView(account.accountId().toString(), account.plan(), balanceMicros == null ? null : Envelopes.credits(balanceMicros),
                account.subscriptionStatus(), account.cancelAtPeriodEnd(), account.currency(), Envelopes.iso(account.periodStartsAt()),
                Envelopes.iso(account.periodEndsAt()), Envelopes.iso(account.createdAt()), Envelopes.iso(account.updatedAt()));
    }
}
