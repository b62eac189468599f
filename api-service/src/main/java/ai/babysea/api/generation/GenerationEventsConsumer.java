package ai.babysea.api.generation;

import ai.babysea.contracts.events.EventEnvelope;
import ai.babysea.contracts.events.GenerationAttemptFailed;
import ai.babysea.contracts.events.GenerationCanceled;
import ai.babysea.contracts.events.GenerationFailed;
import ai.babysea.contracts.events.GenerationStarted;
import ai.babysea.contracts.events.GenerationSucceeded;
import ai.babysea.platform.inbox.Inbox;
import ai.babysea.platform.kafka.Redelivery;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Feeds the generations read model from `generation.events`: dedupe through the inbox, then one conditional update. */
@ApplicationScoped
public class GenerationEventsConsumer {
    static final String CONSUMER = "api.generation-events";

    private final Inbox inbox;
    private final GenerationService generations;

    GenerationEventsConsumer(Inbox inbox, GenerationService generations) {
        this.inbox = inbox;
        this.generations = generations;
    }

    @Incoming("generation-events")
    @Blocking
    public void onGenerationEvent(ConsumerRecord<String, String> record) {
        Redelivery.handle(CONSUMER, record.value(), this::apply);
    }

    @Transactional
    void apply(EventEnvelope envelope) {
        if (!inbox.firstDelivery(CONSUMER, envelope.eventId())) {
            return;
        }
        switch (envelope.type()) {
            case GENERATION_STARTED -> generations.started(envelope.payloadAs(GenerationStarted.class));
            case GENERATION_ATTEMPT_FAILED -> {
                GenerationAttemptFailed e = envelope.payloadAs(GenerationAttemptFailed.class);
                generations.attemptFailed(e.generationId(), e.attempt());
            }
            case GENERATION_SUCCEEDED -> generations.succeeded(envelope.payloadAs(GenerationSucceeded.class));
            case GENERATION_FAILED -> generations.failed(envelope.payloadAs(GenerationFailed.class));
            case GENERATION_CANCELED -> generations.canceled(envelope.payloadAs(GenerationCanceled.class));
            default -> {
            }
        }
    }
}
