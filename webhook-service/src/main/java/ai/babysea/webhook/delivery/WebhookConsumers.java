package ai.babysea.webhook.delivery;

import ai.babysea.contracts.events.EventEnvelope;
import ai.babysea.contracts.events.EventType;
import ai.babysea.platform.inbox.Inbox;
import ai.babysea.platform.kafka.Redelivery;
import ai.babysea.platform.tracing.Tracing;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Thin Kafka consumers: dedupe through the inbox and create the deliveries in the same transaction. */
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

    @Incoming(GENERATION_EVENTS_CHANNEL)
    @Blocking
    public void onGenerationEvent(ConsumerRecord<String, String> record) {
        // The deliveries keep this span's traceparent, so their attempts continue the generation's trace.
        tracing.consume(record, () -> Redelivery.handle(GENERATION_EVENTS, record.value(), this::applyGenerationEvent));
    }

    @Incoming(LEDGER_EVENTS_CHANNEL)
    @Blocking
    public void onLedgerEvent(ConsumerRecord<String, String> record) {
        tracing.consume(record, () -> Redelivery.handle(LEDGER_EVENTS, record.value(), this::applyLedgerEvent));
    }

    @Transactional
    void applyGenerationEvent(EventEnvelope envelope) {
        if (!inbox.firstDelivery(GENERATION_EVENTS, envelope.eventId())) {
            return;
        }
        deliveries.onGenerationEvent(envelope);
    }

    @Transactional
    void applyLedgerEvent(EventEnvelope envelope) {
        if (envelope.type() != EventType.LOW_BALANCE_CROSSED || !inbox.firstDelivery(LEDGER_EVENTS, envelope.eventId())) {
            return;
        }
        deliveries.onLowBalance(envelope);
    }
}
