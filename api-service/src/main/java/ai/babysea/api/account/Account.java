package ai.babysea.api.account;

import java.time.Instant;
import java.util.UUID;

/** An account (workspace) of this region, with the billing fields `/v1/user/billing` shows. */
public record Account(
        UUID accountId,
        String name,
        String email,
        boolean personal,
        String pictureUrl,
        String region,
        String plan,
        String subscriptionStatus,
        Boolean cancelAtPeriodEnd,
        String currency,
        Instant periodStartsAt,
        Instant periodEndsAt,
        Instant createdAt,
        Instant updatedAt) {
}
