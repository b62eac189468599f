package ai.babysea.webhook.endpoint;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A registered webhook endpoint as shown to its owner (never with the secret). */
public record Endpoint(
        UUID endpointId,
        String accountId,
        String url,
        String description,
        List<String> events,
        boolean enabled,
        String disabledReason,
        Instant disabledAt,
        int consecutiveFailures,
        Instant createdAt,
        Instant updatedAt) {
}
