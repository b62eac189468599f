package ai.babysea.webhook.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Response shapes of the delivery log, replay, test and queue routes (snake_case on the wire). */
public final class DeliveryViews {
    private DeliveryViews() {
    }

    /** One HTTP attempt in the delivery log. */
    public record AttemptView(int attempt, Instant startedAt, long durationMs, Integer statusCode, String error) {
    }

    /** One delivery with its payload and every attempt. */
    public record DeliveryView(UUID deliveryId, UUID endpointId, String event, String generationId, String origin, String status,
            int attemptCount, Integer lastStatusCode, String lastError, Instant createdAt, Instant nextAttemptAt, Instant completedAt,
            JsonNode payload, List<AttemptView> attempts) {
    }

    /** A page of the delivery log, newest first. */
    public record DeliveryPage(UUID endpointId, long total, int limit, int offset, List<DeliveryView> deliveries) {
    }

    /** A delivery just created by test, replay or deliver-queued. */
    public record CreatedDelivery(UUID deliveryId, UUID endpointId, String event, String origin, String status, Instant createdAt) {
    }

    /** One queued (dead-letter) event. */
    public record QueuedEventView(UUID queueId, String event, String generationId, String status, Instant queuedAt, Instant expiresAt,
            Instant deliveredAt, UUID deliveryId) {
    }

    /** A page of the queue, oldest first. */
    public record QueuePage(UUID endpointId, long total, int limit, int offset, List<QueuedEventView> entries) {
    }

    /** Result of deliver-queued. */
    public record DeliverQueuedResult(UUID endpointId, int delivered, long remaining, List<CreatedDelivery> deliveries) {
    }
}
