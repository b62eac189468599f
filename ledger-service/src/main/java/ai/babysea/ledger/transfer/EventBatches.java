package ai.babysea.ledger.transfer;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.contracts.events.CreditGrantRequested;
import ai.babysea.contracts.events.DomainEvent;
import ai.babysea.contracts.events.EventEnvelope;
import ai.babysea.contracts.events.GenerationCancelRequested;
import ai.babysea.contracts.events.GenerationCanceled;
import ai.babysea.contracts.events.GenerationFailed;
import ai.babysea.contracts.events.GenerationRequested;
import ai.babysea.contracts.events.GenerationSucceeded;
import ai.babysea.ledger.config.LedgerConfig;
import ai.babysea.platform.jdbc.Sql;
import ai.babysea.platform.kafka.Stopping;
import ai.babysea.platform.tracing.TraceContext;
import ai.babysea.platform.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Applies a poll batch in one transaction: one inbox statement dedupes every event, then the batch goes to the
 * {@link TransferService} use case as a list. If the batch transaction keeps failing, its events are applied one
 * by one, each in its own transaction with bounded retries; an event that still fails is parked in
 * {@code parked_events} so it cannot block or drop the rest of its batch.
 */
@ApplicationScoped
public class EventBatches {
    private static final Logger LOG = Logger.getLogger(EventBatches.class);
    private static final int SINGLE_ATTEMPTS = 5;
    private static final Set<ErrorCode> CONFLICTS = Set.of(ErrorCode.LEDGER_TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS,
            ErrorCode.LEDGER_GRANT_KEY_CONFLICT, ErrorCode.LEDGER_AMOUNT_INVALID, ErrorCode.INVALID_INPUT);

    private final Sql sql;
    private final ai.babysea.platform.inbox.Inbox inbox;
    private final TransferService transfers;
    private final LedgerConfig config;
    private final MeterRegistry meters;
    private final Tracing tracing;

    EventBatches(Sql sql, ai.babysea.platform.inbox.Inbox inbox, TransferService transfers, LedgerConfig config, MeterRegistry meters, Tracing tracing) {
        this.sql = sql;
        this.inbox = inbox;
        this.transfers = transfers;
        this.config = config;
        this.meters = meters;
        this.tracing = tracing;
    }

    /** A decoded record of a poll batch. */
    record Incoming(ConsumerRecord<String, String> record, EventEnvelope envelope, DomainEvent event) {
    }

    /** Handler of a batch of decoded events of one channel, run inside the batch transaction. */
    @FunctionalInterface
    interface BatchHandler {
        void apply(String consumer, List<Incoming> events);
    }

    void apply(String consumer, Iterable<ConsumerRecord<String, String>> records, BatchHandler handler) {
        List<Incoming> events = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                EventEnvelope envelope = EventEnvelope.parse(record.value());
                if (envelope.type() == null) {
                    continue; // a newer producer's event type: skipped, the evolution is additive
                }
                events.add(new Incoming(record, envelope, envelope.decode()));
            } catch (RuntimeException e) {
                // A malformed envelope or payload never becomes valid by retrying.
                park(consumer, record, null, e);
            }
        }
        if (events.isEmpty()) {
            return;
        }
        // One CONSUMER span per record, each continuing its own producer's trace; the events the batch writes for a
        // key (a generation) carry that key's span, so a generation stays one trace through the batched ledger.
        Map<String, String> traceparents = new HashMap<>();
        List<Span> spans = new ArrayList<>(events.size());
        for (Incoming event : events) {
            Span span = tracing.startConsumer(event.record());
            spans.add(span);
            String traceparent = TraceContext.traceparent(span.getSpanContext());
            if (traceparent != null && event.record().key() != null) {
                traceparents.put(event.record().key(), traceparent);
            }
        }
        try {
            TraceContext.runWithTraceparentsByKey(traceparents, () -> applyBatch(consumer, events, handler));
        } catch (RuntimeException | Error e) {
            spans.forEach(span -> Tracing.failed(span, e));
            throw e;
        } finally {
            spans.forEach(Span::end);
        }
    }

    private void applyBatch(String consumer, List<Incoming> events, BatchHandler handler) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= config.batchAttempts(); attempt++) {
            try {
                long start = System.nanoTime();
                QuarkusTransaction.requiringNew().run(() -> handler.apply(consumer, events));
                meters.timer("babysea.ledger.batch.duration", "consumer", consumer).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                meters.summary("babysea.ledger.batch.size", "consumer", consumer).record(events.size());
                return;
            } catch (RuntimeException e) {
                if (Stopping.now()) {
                    throw e; // the datasource is closing: the batch stays uncommitted for the next instance
                }
                last = e;
                LOG.warnf("%s batch of %d failed (attempt %d): %s", consumer, events.size(), attempt, e.toString());
            }
        }
        LOG.warnf(last, "%s applies its batch of %d one by one", consumer, events.size());
        for (Incoming event : events) {
            applySingle(consumer, event, handler);
        }
    }

    private void applySingle(String consumer, Incoming event, BatchHandler handler) {
        long backoffMs = 50;
        for (int attempt = 1; ; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(() -> handler.apply(consumer, List.of(event)));
                return;
            } catch (RuntimeException e) {
                if (Stopping.now()) {
                    throw e; // not the event's fault: neither parked nor retried, redelivered after the restart
                }
                if (attempt >= SINGLE_ATTEMPTS) {
                    park(consumer, event.record(), event.envelope().eventId(), e);
                    return;
                }
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

    private void park(String consumer, ConsumerRecord<String, String> record, String eventId, RuntimeException error) {
        LOG.errorf(error, "%s parks record %s-%d@%d", consumer, record.topic(), record.partition(), record.offset());
        // If even parking fails the exception escapes and the channel's dead-letter strategy takes the batch.
        QuarkusTransaction.requiringNew().run(() -> sql.update("INSERT INTO parked_events (consumer, event_id, topic, partition_no, "
                        + "offset_no, value, error) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                consumer, eventId == null ? "" : eventId, record.topic(), record.partition(), record.offset(),
                record.value() == null ? "" : record.value(), String.valueOf(error)));
    }

    /** The events of this batch seen for the first time by this consumer (one inbox statement for the whole batch). */
    @Transactional(Transactional.TxType.MANDATORY)
    List<Incoming> firstDeliveries(String consumer, List<Incoming> events) {
        return inbox.firstDeliveries(consumer, events, e -> e.envelope().eventId());
    }

    /** generation.requests: reserve every request of the batch, then forward its cancels (behind their admissions). */
    @Transactional(Transactional.TxType.MANDATORY)
    void applyRequests(String consumer, List<Incoming> batch) {
        List<Incoming> relevant = batch.stream().filter(e -> e.event() instanceof GenerationRequested
                || e.event() instanceof GenerationCancelRequested).toList();
        List<Incoming> events = firstDeliveries(consumer, relevant);
        List<GenerationRequested> requests = new ArrayList<>();
        for (Incoming event : events) {
            if (event.event() instanceof GenerationRequested request) {
                requests.add(request);
            }
        }
        if (!requests.isEmpty()) {
            log(consumer, requests.stream().map(GenerationRequested::generationId).toList(), transfers.reserveAll(requests));
        }
        for (Incoming event : events) {
            if (event.event() instanceof GenerationCancelRequested cancel) {
                transfers.forwardCancel(cancel.generationId(), cancel.accountId(), cancel.requestedAt());
            }
        }
    }

    /** generation.events: the terminal facts of the batch, in order. */
    @Transactional(Transactional.TxType.MANDATORY)
    void applyGenerationEvents(String consumer, List<Incoming> batch) {
        // Only terminal facts touch the ledger; started/attempt-failed are no-ops and need no inbox row.
        List<Incoming> relevant = batch.stream().filter(e -> terminalFact(e.event()) != null).toList();
        List<TerminalFact> facts = firstDeliveries(consumer, relevant).stream().map(e -> terminalFact(e.event())).toList();
        if (!facts.isEmpty()) {
            log(consumer, facts.stream().map(TerminalFact::generationId).toList(), transfers.resolveAll(facts));
        }
    }

    /** The money outcome of a generation event, or null when it has none. */
    static TerminalFact terminalFact(DomainEvent event) {
        if (event instanceof GenerationSucceeded succeeded) {
            return TerminalFact.succeeded(succeeded.generationId(), succeeded.accountId());
        }
        if (event instanceof GenerationFailed failed && !GenerationFailed.BY_LEDGER.equals(failed.failedBy())) {
            // A failure by the ledger is its own rejection or expiry, already applied.
            return TerminalFact.failed(failed.generationId(), failed.accountId());
        }
        if (event instanceof GenerationCanceled canceled) {
            return TerminalFact.canceled(canceled.generationId(), canceled.accountId(), canceled.creditsRefunded());
        }
        return null;
    }

    /** ledger.commands: credit grants. */
    @Transactional(Transactional.TxType.MANDATORY)
    void applyCommands(String consumer, List<Incoming> batch) {
        List<Incoming> relevant = batch.stream().filter(e -> e.event() instanceof CreditGrantRequested).toList();
        List<CreditGrantRequested> grants = firstDeliveries(consumer, relevant).stream()
                .map(e -> (CreditGrantRequested) e.event()).toList();
        if (!grants.isEmpty()) {
            log(consumer, grants.stream().map(CreditGrantRequested::grantKey).toList(), transfers.grantAll(grants));
        }
    }

    private static void log(String consumer, List<String> keys, List<TransferResult> results) {
        for (int i = 0; i < results.size(); i++) {
            TransferResult result = results.get(i);
            if (result.isRejected() && CONFLICTS.contains(result.code())) {
                // A conflicting or invalid command never becomes valid by retrying; it is reported, not redelivered.
                LOG.warnf("%s: %s -> %s", consumer, keys.get(i), result);
            } else if (result.isRejected() && result.code() != ErrorCode.INSUFFICIENT_CREDITS) {
                // A late terminal fact (already posted/voided/expired) is normal under at-least-once delivery.
                LOG.infof("%s: %s -> %s", consumer, keys.get(i), result);
            } else if (result.status() != TransferResult.Status.CREATED) {
                LOG.debugf("%s: %s -> %s", consumer, keys.get(i), result);
            }
        }
    }
}
