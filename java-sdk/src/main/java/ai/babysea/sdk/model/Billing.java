package ai.babysea.sdk.model;

import java.math.BigDecimal;
import java.time.Instant;

/** `GET /v1/user/billing`; the balance is in credits (1 credit = 1 USD), null when the ledger is unreachable. */
public record Billing(String accountId, String billingPlan, BigDecimal billingCreditBalance, String billingSubscriptionStatus,
        Boolean billingCancelAtPeriodEnd, String billingCurrency, Instant billingPeriodStartsAt, Instant billingPeriodEndsAt,
        Instant billingCreatedAt, Instant billingUpdatedAt) {
}
