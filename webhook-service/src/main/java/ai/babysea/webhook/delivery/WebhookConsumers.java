package ai.babysea.webhook.delivery;

import ai.babysea.contracts.events.EventEnvelope;
import ai.babysea.contracts.events.EventType;
import ai.babysea.platform.inbox.Inbox;
import ai.babysea.platform.kafka.RecordFilter;
import ai.babysea.platform.kafka.Redelivery;
import ai.babysea.platform.tracing.Tracing;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Thin Kafka consumers: a poll batch is deduped through the inbox and its deliveries created in one transaction (one
 * commit per poll, not per event). Only the event types that become webhooks are parsed: the rest of a batch is
 * skipped by its {@code event-type} header.
 */
@ApplicationScoped
public class WebhookConsumers {
    /** Incoming channel of `generation.events`. */
    public static final String GENERATION_EVENTS_CHANNEL = "generation-events";
    /** Incoming channel of `ledger.events`. */
    public static final String LEDGER_EVENTS_CHANNEL = "ledger-events";
    static final String GENERATION_EVENTS = "webhook.generation-events";
    static final String LEDGER_EVENTS = "webhook.ledger-events";

    private final Inbox inbox;
    private final DeliveryService deliveries;
    private final Tracing tracing;

    WebhookConsumers(Inbox inbox, DeliveryService deliveries, Tracing tracing) {
        this.inbox = inbox;
        this.deliveries = deliveries;
        this.tracing = tracing;
    }

    /** The generation events that become webhooks. */
    private static final Set<String> GENERATION_TYPES = RecordFilter.wireNames(EventType.GENERATION_STARTED, EventType.GENERATION_SUCCEEDED,
            EventType.GENERATION_FAILED, EventType.GENERATION_CANCELED);
    /** The ledger event that becomes a webhook. */
    private static final Set<String> LEDGER_TYPES = RecordFilter.wireNames(EventType.LOW_BALANCE_CROSSED);

    @Incoming(GENERATION_EVENTS_CHANNEL)
    @Blocking
    public void onGenerationEvents(ConsumerRecords<String, String> records) {
        var wanted = RecordFilter.ofTypes(records, GENERATION_TYPES);
        // The deliveries keep each record's traceparent, so their attempts continue the generation's trace.
        tracing.consumeBatch(wanted, () -> Redelivery.handleBatch(GENERATION_EVENTS, wanted, this::applyGenerationEvents,
                envelope -> applyGenerationEvents(List.of(envelope))));
    }

    @Incoming(LEDGER_EVENTS_CHANNEL)
    @Blocking
    public void onLedgerEvents(ConsumerRecords<String, String> records) {
        var wanted = RecordFilter.ofTypes(records, LEDGER_TYPES);
        tracing.consumeBatch(wanted, () -> Redelivery.handleBatch(LEDGER_EVENTS, wanted, this::applyLedgerEvents,
                envelope -> applyLedgerEvents(List.of(envelope))));
    }

    @Transactional
    void applyGenerationEvents(List<EventEnvelope> envelopes) {
        for (EventEnvelope envelope : inbox.firstDeliveries(GENERATION_EVENTS, envelopes, EventEnvelope::eventId)) {
            deliveries.onGenerationEvent(envelope);
        }
    }

    @Transactional
    void applyLedgerEvents(List<EventEnvelope> envelopes) {
        List<EventEnvelope> crossings = envelopes.stream().filter(e -> e.type() == EventType.LOW_BALANCE_CROSSED).toList();
        for (EventEnvelope envelope : inbox.firstDeliveries(LEDGER_EVENTS, crossings, EventEnvelope::eventId)) {
            deliveries.onLowBalance(envelope);
        }
    }
}
