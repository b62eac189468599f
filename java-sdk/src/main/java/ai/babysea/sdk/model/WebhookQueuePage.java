package ai.babysea.sdk.model;

import java.time.Instant;
import java.util.List;

/** One page of an endpoint's dead-letter queue (events kept while it was disabled), oldest first. */
public record WebhookQueuePage(String endpointId, long total, int limit, int offset, List<Entry> entries) {

    /** One queued event; `status` is `pending`, `delivered` or `expired`. */
    public record Entry(String queueId, String event, String generationId, String status, Instant queuedAt, Instant expiresAt,
            Instant deliveredAt, String deliveryId) {
    }
}
