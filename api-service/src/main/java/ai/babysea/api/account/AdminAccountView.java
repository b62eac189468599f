package ai.babysea.api.account;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An account as the operator reads it (`GET /v1/admin/accounts/{id}`): the fields of `GET /v1/user/account`, then those of `GET /v1/user/billing`. */
public record AdminAccountView(@JsonUnwrapped AccountView account, String billingPlan, @Schema(nullable = true) BigDecimal billingCreditBalance,
        @Schema(nullable = true) String billingSubscriptionStatus, @Schema(nullable = true) Boolean billingCancelAtPeriodEnd, @Schema(nullable = true) String billingCurrency, @Schema(nullable = true) String billingPeriodStartsAt,
        @Schema(nullable = true) String billingPeriodEndsAt, String billingCreatedAt, String billingUpdatedAt) {

    /** The view of an account; the balance is not looked up (always null). */
    static AdminAccountView of(Account account) {
        return of(account, null);
    }

    /** The view of an account with the balance the ledger last reported ({@code balanceMicros} null renders null). */
    static AdminAccountView of(Account account, Long balanceMicros) {
        BillingView billing = BillingView.of(account, balanceMicros);
        return new AdminAccountView(AccountView.of(account), billing.billingPlan(), billing.billingCreditBalance(),
                billing.billingSubscriptionStatus(), billing.billingCancelAtPeriodEnd(), billing.billingCurrency(),
                billing.billingPeriodStartsAt(), billing.billingPeriodEndsAt(), billing.billingCreatedAt(), billing.billingUpdatedAt());
    }
}
