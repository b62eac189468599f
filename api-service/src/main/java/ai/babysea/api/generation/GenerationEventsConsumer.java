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
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Feeds the generations read model from `generation.events`: dedupe through the inbox, then one conditional update
 * per event. A poll batch is applied in one transaction (one inbox statement, one commit) and the in-flight slots
 * its terminal events free are given back per account at its end: at two or more events per generation, a
 * transaction per event made this consumer commit twice as often as the submits beside it.
 */
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
    public void onGenerationEvents(ConsumerRecords<String, String> records) {
        Redelivery.handleBatch(CONSUMER, records, this::applyAll, this::apply);
    }

    /** A batch in one transaction; events of one generation share a key, so they are applied in their order. */
    @Transactional
    public void applyAll(List<EventEnvelope> envelopes) {
        GenerationService.Releases releases = new GenerationService.Releases();
        for (EventEnvelope envelope : inbox.firstDeliveries(CONSUMER, envelopes, EventEnvelope::eventId)) {
            applyFresh(envelope, releases);
        }
        generations.release(releases);
    }

    /** One event in its own transaction (the fallback when a batch fails). */
    @Transactional
    void apply(EventEnvelope envelope) {
        if (!inbox.firstDelivery(CONSUMER, envelope.eventId())) {
            return;
        }
        GenerationService.Releases releases = new GenerationService.Releases();
        applyFresh(envelope, releases);
        generations.release(releases);
    }

    private void applyFresh(EventEnvelope envelope, GenerationService.Releases releases) {
        switch (envelope.type()) {
            case GENERATION_STARTED -> generations.started(envelope.payloadAs(GenerationStarted.class));
            case GENERATION_ATTEMPT_FAILED -> {
                GenerationAttemptFailed e = envelope.payloadAs(GenerationAttemptFailed.class);
                generations.attemptFailed(e.generationId(), e.attempt());
            }
            case GENERATION_SUCCEEDED -> generations.succeeded(envelope.payloadAs(GenerationSucceeded.class), releases);
            case GENERATION_FAILED -> generations.failed(envelope.payloadAs(GenerationFailed.class), releases);
            case GENERATION_CANCELED -> generations.canceled(envelope.payloadAs(GenerationCanceled.class), releases);
            default -> {
            }
        }
    }
}
