package ai.babysea.sdk.model;

import java.time.Instant;
import java.util.List;

/**
 * A webhook endpoint (`/v1/webhooks/endpoints`). `disabledReason` is `manual` or `consecutive_failures`; {@code secret}
 * (`whsec_...`, the signing key) is set only in the answers of create and rotate-secret.
 */
public record WebhookEndpoint(String endpointId, String accountId, String url, String description, List<String> events, Boolean enabled,
        String disabledReason, Instant disabledAt, Integer consecutiveFailures, Instant createdAt, Instant updatedAt, String secret) {
}
