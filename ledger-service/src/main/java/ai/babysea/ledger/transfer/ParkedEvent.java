package ai.babysea.ledger.transfer;

import java.time.Instant;

/**
 * A record a consumer could not apply after its retries, as stored in {@code parked_events}: where it came from
 * (consumer, topic, partition, offset), its value verbatim and the last error applying it.
 */
public record ParkedEvent(String consumer, String eventId, String topic, int partition, long offset, String value, String error,
        Instant parkedAt) {
}
