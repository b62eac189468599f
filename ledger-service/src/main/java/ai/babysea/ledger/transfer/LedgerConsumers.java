package ai.babysea.ledger.transfer;

import ai.babysea.contracts.events.EventType;
import ai.babysea.platform.kafka.RecordFilter;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
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

    /** The generation events that move money: started and attempt-failed ones are skipped unparsed. */
    private static final Set<String> TERMINAL_TYPES = RecordFilter.wireNames(EventType.GENERATION_SUCCEEDED, EventType.GENERATION_FAILED,
            EventType.GENERATION_CANCELED);

    private final EventBatches batches;
    /** The batch handler of each inbox consumer name; replay of parked events takes the same path (see ParkedEventService). */
    private final Map<String, EventBatches.BatchHandler> handlers;

    LedgerConsumers(EventBatches batches) {
        this.batches = batches;
        this.handlers = Map.of(REQUESTS, batches::applyRequests, EVENTS, batches::applyGenerationEvents, COMMANDS, batches::applyCommands);
    }

    /** The handler the consumer named {@code consumer} applies its batches with, or null for a name no consumer has. */
    EventBatches.BatchHandler handler(String consumer) {
        return consumer == null ? null : handlers.get(consumer);
    }

    @Incoming("generation-requests")
    @Blocking
    public void onRequests(ConsumerRecords<String, String> records) {
        batches.apply(REQUESTS, records, handlers.get(REQUESTS));
    }

    @Incoming("generation-events")
    @Blocking
    public void onGenerationEvents(ConsumerRecords<String, String> records) {
        batches.apply(EVENTS, RecordFilter.ofTypes(records, TERMINAL_TYPES), handlers.get(EVENTS));
    }

    @Incoming("ledger-commands")
    @Blocking
    public void onCommands(ConsumerRecords<String, String> records) {
        batches.apply(COMMANDS, records, handlers.get(COMMANDS));
    }
}
