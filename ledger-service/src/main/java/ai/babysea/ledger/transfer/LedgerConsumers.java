package ai.babysea.ledger.transfer;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Thin Kafka consumers: each receives one poll batch ({@code batch=true}) and hands it to {@link EventBatches},
 * which applies it in one transaction. Offsets are committed after the method returns, i.e. after the commit.
 */
@ApplicationScoped
public class LedgerConsumers {
    /** Inbox consumer name of the requests channel. */
    public static final String REQUESTS = "ledger.generation-requests";
    /** Inbox consumer name of the generation events channel. */
    public static final String EVENTS = "ledger.generation-events";
    /** Inbox consumer name of the ledger commands channel. */
    public static final String COMMANDS = "ledger.commands";

    private final EventBatches batches;

    LedgerConsumers(EventBatches batches) {
        this.batches = batches;
    }

    @Incoming("generation-requests")
    @Blocking
    public void onRequests(ConsumerRecords<String, String> records) {
        batches.apply(REQUESTS, records, batches::applyRequests);
    }

    @Incoming("generation-events")
    @Blocking
    public void onGenerationEvents(ConsumerRecords<String, String> records) {
        batches.apply(EVENTS, records, batches::applyGenerationEvents);
    }

    @Incoming("ledger-commands")
    @Blocking
    public void onCommands(ConsumerRecords<String, String> records) {
        batches.apply(COMMANDS, records, batches::applyCommands);
    }
}
