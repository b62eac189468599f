package ai.babysea.platform.kafka;

import ai.babysea.contracts.events.EventEnvelope;
import ai.babysea.platform.jdbc.DatabaseOutage;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * In-place retries for a consumer's transaction. A failure of the database itself (it is restarting, refuses or lost
 * the connection: {@link DatabaseOutage}) is retried until the database is back, without a bound, since it says
 * nothing about the record. Any other failure (a serialization conflict, a bad record) is retried with backoff up to
 * {@link #MAX_ATTEMPTS}; after the last attempt the exception escapes so the channel's dead-letter strategy takes the
 * record. While the application is stopping ({@link Stopping}) a failure is not retried: it escapes at once, and the
 * channel's strategy ({@link DeadLetterUnlessStopping}) leaves the record uncommitted for the next instance.
 */
public final class Redelivery {
    private static final Logger LOG = Logger.getLogger(Redelivery.class);
    /** Attempts per record (failures of the record, not of the database) before it goes to the dead-letter topic. */
    public static final int MAX_ATTEMPTS = 5;

    private Redelivery() {
    }

    /**
     * Parses the record value and applies the handler, retrying a failure of the record up to {@link #MAX_ATTEMPTS}
     * times and a database outage until it ends.
     */
    public static void handle(String consumer, String value, Consumer<EventEnvelope> handler) {
        EventEnvelope envelope;
        try {
            envelope = EventEnvelope.parse(value);
        } catch (IllegalArgumentException e) {
            // A poison message never becomes valid by retrying: straight to the dead-letter topic.
            throw e;
        }
        if (envelope.type() == null) {
            LOG.debugf("%s skips unknown event type %s", consumer, envelope.eventType());
            return;
        }
        // Log lines written while handling carry the generation (or account) and event they belong to.
        boolean generationEvent = envelope.eventType().startsWith("generation.");
        MDC.put(generationEvent ? "generation_id" : "account_id", envelope.aggregateId());
        MDC.put("event_id", envelope.eventId());
        try {
            handleWithRetries(consumer, envelope, handler);
        } finally {
            MDC.remove(generationEvent ? "generation_id" : "account_id");
            MDC.remove("event_id");
        }
    }

    private static void handleWithRetries(String consumer, EventEnvelope envelope, Consumer<EventEnvelope> handler) {
        long backoffMs = 50;
        for (int attempt = 1; ; attempt++) {
            try {
                DatabaseOutage.retryThrough(consumer + " handling event " + envelope.eventId(), () -> handler.accept(envelope));
                return;
            } catch (RuntimeException e) {
                if (Stopping.now()) {
                    // Its datasource or transaction manager is closing: retrying cannot help, and the record is not at fault.
                    LOG.infof("%s stops handling event %s (%s) at attempt %d because the application is stopping: %s", consumer,
                            envelope.eventId(), envelope.eventType(), attempt, e.toString());
                    throw e;
                }
                if (attempt >= MAX_ATTEMPTS) {
                    LOG.errorf(e, "%s gives up on event %s (%s) after %d attempts", consumer, envelope.eventId(),
                            envelope.eventType(), attempt);
                    throw e;
                }
                LOG.warnf("%s retries event %s (%s), attempt %d: %s", consumer, envelope.eventId(), envelope.eventType(),
                        attempt, e.toString());
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoffMs = Math.min(backoffMs * 4, 2_000);
            }
        }
    }

    /**
     * A poll batch ({@code batch=true} channel): parses every record and hands the decoded envelopes to
     * {@code batch}, which applies them in ONE transaction (one commit per poll instead of one per event); while that
     * fails because the database is unavailable it is retried until the database is back. When it fails otherwise (or
     * a record is malformed), the records are applied one by one through {@link #handle} with its retries;
     * a record that still fails is rethrown after all the others were applied, so the channel's dead-letter strategy
     * takes the batch (applying its other records again is a no-op: the inbox).
     */
    public static void handleBatch(String consumer, Iterable<? extends ConsumerRecord<String, String>> records,
            Consumer<java.util.List<EventEnvelope>> batch, Consumer<EventEnvelope> single) {
        java.util.List<EventEnvelope> envelopes = new java.util.ArrayList<>();
        boolean parsed = true;
        for (ConsumerRecord<String, String> record : records) {
            try {
                EventEnvelope envelope = EventEnvelope.parse(record.value());
                if (envelope.type() != null) {
                    envelopes.add(envelope);
                }
            } catch (IllegalArgumentException e) {
                parsed = false;
            }
        }
        if (parsed) {
            try {
                if (!envelopes.isEmpty()) {
                    DatabaseOutage.retryThrough(consumer + " applying a batch of " + envelopes.size(), () -> batch.accept(envelopes));
                }
                return;
            } catch (RuntimeException e) {
                if (Stopping.now()) {
                    throw e;
                }
                LOG.warnf("%s applies its batch of %d one by one: %s", consumer, envelopes.size(), e.toString());
            }
        }
        RuntimeException failed = null;
        for (ConsumerRecord<String, String> record : records) {
            try {
                handle(consumer, record.value(), single);
            } catch (RuntimeException e) {
                failed = e;
                if (Stopping.now()) {
                    break;
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}
