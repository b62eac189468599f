package ai.babysea.sdk.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One webhook delivery and its attempts. `origin` is `event`, `test`, `replay` or `queue`; `status` is `pending`,
 * `succeeded` or `failed`; `payload` is the exact body sent. A just-created delivery (test, replay) carries only the id
 * fields, `origin`, `status` and `createdAt`.
 */
public record WebhookDelivery(String deliveryId, String endpointId, String event, String generationId, String origin, String status,
        Integer attemptCount, Integer lastStatusCode, String lastError, Instant createdAt, Instant nextAttemptAt, Instant completedAt,
        JsonNode payload, List<Attempt> attempts) {

    /** One HTTP attempt of a delivery. */
    public record Attempt(Integer attempt, Instant startedAt, Double durationMs, Integer statusCode, String error) {
    }
}
