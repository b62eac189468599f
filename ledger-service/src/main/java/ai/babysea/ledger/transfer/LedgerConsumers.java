package ai.babysea.ledger.transfer;

import ai.babysea.contracts.events.CreditGrantRequested;
import ai.babysea.contracts.events.EventEnvelope;
import ai.babysea.contracts.events.GenerationCancelRequested;
import ai.babysea.contracts.events.GenerationCanceled;
import ai.babysea.contracts.events.GenerationFailed;
import ai.babysea.contracts.events.GenerationRequested;
import ai.babysea.contracts.events.GenerationSucceeded;
import ai.babysea.platform.inbox.Inbox;
import ai.babysea.platform.kafka.Redelivery;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Thin Kafka consumers: dedupe through the inbox and hand each event to {@link TransferService} in one transaction. */
@ApplicationScoped
public class LedgerConsumers {
    static final String REQUESTS = "ledger.generation-requests";
    static final String EVENTS = "ledger.generation-events";
    static final String COMMANDS = "ledger.commands";

    private final Inbox inbox;
    private final TransferService transfers;

    LedgerConsumers(Inbox inbox, TransferService transfers) {
        this.inbox = inbox;
        this.transfers = transfers;
    }

    @Incoming("generation-requests")
    @Blocking
    public void onRequest(ConsumerRecord<String, String> record) {
        Redelivery.handle(REQUESTS, record.value(), this::applyRequest);
    }

    @Incoming("generation-events")
    @Blocking
    public void onGenerationEvent(ConsumerRecord<String, String> record) {
        Redelivery.handle(EVENTS, record.value(), this::applyGenerationEvent);
    }

    @Incoming("ledger-commands")
    @Blocking
    public void onCommand(ConsumerRecord<String, String> record) {
        Redelivery.handle(COMMANDS, record.value(), this::applyCommand);
    }

    @Transactional
    void applyRequest(EventEnvelope envelope) {
        if (!inbox.firstDelivery(REQUESTS, envelope.eventId())) {
            return;
        }
        switch (envelope.type()) {
            case GENERATION_REQUESTED -> transfers.reserve(envelope.payloadAs(GenerationRequested.class));
            case GENERATION_CANCEL_REQUESTED -> {
                GenerationCancelRequested cancel = envelope.payloadAs(GenerationCancelRequested.class);
                transfers.forwardCancel(cancel.generationId(), cancel.accountId(), cancel.requestedAt());
            }
            default -> {
            }
        }
    }

    @Transactional
    void applyGenerationEvent(EventEnvelope envelope) {
        if (!inbox.firstDelivery(EVENTS, envelope.eventId())) {
            return;
        }
        switch (envelope.type()) {
            case GENERATION_SUCCEEDED -> transfers.post(envelope.payloadAs(GenerationSucceeded.class).generationId());
            case GENERATION_FAILED -> {
                GenerationFailed failed = envelope.payloadAs(GenerationFailed.class);
                if (!GenerationFailed.BY_LEDGER.equals(failed.failedBy())) {
                    transfers.voidReservation(failed.generationId(), "generation.failed");
                }
            }
            case GENERATION_CANCELED -> {
                GenerationCanceled canceled = envelope.payloadAs(GenerationCanceled.class);
                if (canceled.creditsRefunded()) {
                    transfers.voidReservation(canceled.generationId(), "generation.canceled");
                } else {
                    transfers.post(canceled.generationId());
                }
            }
            default -> {
            }
        }
    }

    @Transactional
    void applyCommand(EventEnvelope envelope) {
        if (!inbox.firstDelivery(COMMANDS, envelope.eventId())) {
            return;
        }
        if (envelope.type() == ai.babysea.contracts.events.EventType.CREDIT_GRANT_REQUESTED) {
            CreditGrantRequested grant = envelope.payloadAs(CreditGrantRequested.class);
            try {
                transfers.grant(grant.accountId(), grant.grantKey(), grant.amountMicros(), grant.description());
            } catch (LedgerException e) {
                // A conflicting or invalid command never becomes valid by retrying; it is logged, not redelivered.
                org.jboss.logging.Logger.getLogger(LedgerConsumers.class).warnf("grant %s rejected: %s (%s)", grant.grantKey(),
                        e.getMessage(), e.code().code());
            }
        }
    }
}
