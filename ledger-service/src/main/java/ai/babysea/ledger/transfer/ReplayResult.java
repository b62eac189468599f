package ai.babysea.ledger.transfer;

/**
 * The outcome of replaying a parked event whose row is now deleted: {@code applied} (the consumer's handler took it for
 * the first time), {@code already_applied} (its inbox row existed, so the replay changed nothing) or
 * {@code not_applicable} (an event this consumer ignores, e.g. a generation failure the ledger itself emitted).
 */
public record ReplayResult(String consumer, String topic, int partition, long offset, String eventId, String eventType,
        String outcome) {
    static final String APPLIED = "applied";
    static final String ALREADY_APPLIED = "already_applied";
    static final String NOT_APPLICABLE = "not_applicable";
}
