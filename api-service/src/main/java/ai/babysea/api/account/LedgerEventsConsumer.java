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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the balance projection: ledger events are keyed by account, so the newest `balance_after_micros` wins.
 * A poll batch is applied in one transaction with one inbox statement and one upsert per account (the newest
 * balance of the batch): at one event per reservation this consumer ran one transaction per submit beside the
 * submit path before.
 */
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
    public void onLedgerEvents(ConsumerRecords<String, String> records) {
        Redelivery.handleBatch(CONSUMER, records, this::applyAll, this::apply);
    }

    /** A batch in one transaction: events of one account arrive in order (same key), so the last balance wins. */
    @Transactional
    void applyAll(List<EventEnvelope> envelopes) {
        Map<String, Long> newest = new LinkedHashMap<>();
        for (EventEnvelope envelope : inbox.firstDeliveries(CONSUMER, envelopes, EventEnvelope::eventId)) {
            Balance balance = balanceOf(envelope);
            if (balance != null) {
                newest.put(balance.accountId(), balance.availableMicros());
            }
        }
        balances.recordAll(newest);
    }

    /** One event in its own transaction (the fallback when a batch fails). */
    @Transactional
    void apply(EventEnvelope envelope) {
        if (!inbox.firstDelivery(CONSUMER, envelope.eventId())) {
            return;
        }
        Balance balance = balanceOf(envelope);
        if (balance != null) {
            balances.record(balance.accountId(), balance.availableMicros());
        }
    }

    private record Balance(String accountId, long availableMicros) {
    }

    private static Balance balanceOf(EventEnvelope envelope) {
        return switch (envelope.type()) {
            case CREDITS_RESERVED -> {
                CreditsReserved e = envelope.payloadAs(CreditsReserved.class);
                yield new Balance(e.accountId(), e.balanceAfterMicros());
            }
            case CREDITS_POSTED -> {
                CreditsPosted e = envelope.payloadAs(CreditsPosted.class);
                yield new Balance(e.accountId(), e.balanceAfterMicros());
            }
            case CREDITS_VOIDED -> {
                CreditsVoided e = envelope.payloadAs(CreditsVoided.class);
                yield new Balance(e.accountId(), e.balanceAfterMicros());
            }
            case CREDITS_GRANTED -> {
                CreditsGranted e = envelope.payloadAs(CreditsGranted.class);
                yield new Balance(e.accountId(), e.balanceAfterMicros());
            }
            default -> null;
        };
    }
}
