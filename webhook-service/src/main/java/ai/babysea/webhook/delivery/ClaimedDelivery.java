package ai.babysea.webhook.delivery;

import java.time.Instant;
import java.util.UUID;

/**
 * A delivery this instance claimed for one attempt, with what the attempt needs (the secret stays in memory only) and
 * the traceparent of the span that created it; {@code sequenceOpen} when it holds back the rest of a deliver-queued
 * sequence until this attempt's outcome is recorded.
 */
record ClaimedDelivery(UUID deliveryId, UUID endpointId, String event, String body, int attempt, Instant createdAt,
        String url, String secret, boolean endpointEnabled, String timestamp, String traceparent, boolean sequenceOpen) {
    @Override
    public String toString() {
        // Never print the secret (records include every component by default).
        return "ClaimedDelivery[" + deliveryId + ", endpoint " + endpointId + ", " + event + ", attempt " + attempt + "]";
    }
}
