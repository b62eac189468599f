package ai.babysea.api.account;

import ai.babysea.contracts.events.CreditsGranted;
import ai.babysea.contracts.events.CreditsPosted;
import ai.babysea.contracts.events.CreditsReserved;
import ai.babysea.contracts.events.CreditsVoided;
import ai.babysea.contracts.events.EventEnvelope;
import ai.babysea.platform.inbox.Inbox;
import ai.babysea.platform.kafka.Redelivery;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Keeps the balance projection: ledger events are keyed by account, so the newest `balance_after_micros` wins. */
@ApplicationScoped
public class LedgerEventsConsumer {
    static final String CONSUMER = "api.ledger-events";

    private final Inbox inbox;
    private final BalanceProjection balances;

    LedgerEventsConsumer(Inbox inbox, BalanceProjection balances) {
        this.inbox = inbox;
        this.balances = balances;
    }

    @Incoming("ledger-events")
    @Blocking
    public void onLedgerEvent(ConsumerRecord<String, String> record) {
        Redelivery.handle(CONSUMER, record.value(), this::apply);
    }

    @Transactional
    void apply(EventEnvelope envelope) {
        if (!inbox.firstDelivery(CONSUMER, envelope.eventId())) {
            return;
        }
        switch (envelope.type()) {
            case CREDITS_RESERVED -> {
                CreditsReserved e = envelope.payloadAs(CreditsReserved.class);
                balances.record(e.accountId(), e.balanceAfterMicros());
            }
            case CREDITS_POSTED -> {
                CreditsPosted e = envelope.payloadAs(CreditsPosted.class);
                balances.record(e.accountId(), e.balanceAfterMicros());
            }
            case CREDITS_VOIDED -> {
                CreditsVoided e = envelope.payloadAs(CreditsVoided.class);
                balances.record(e.accountId(), e.balanceAfterMicros());
            }
            case CREDITS_GRANTED -> {
                CreditsGranted e = envelope.payloadAs(CreditsGranted.class);
                balances.record(e.accountId(), e.balanceAfterMicros());
            }
            default -> {
            }
        }
    }
}
