package ai.babysea.ledger.transfer;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.contracts.events.EventEnvelope;
import ai.babysea.platform.error.ServiceException;
import ai.babysea.platform.jdbc.Sql;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Operator use cases on {@code parked_events}: list them, and replay one through the handler of the consumer that
 * parked it. A replay that applies deletes the row in the same transaction; a replay that fails keeps the row and
 * stores the new error. The inbox makes a replay of an event that was applied meanwhile a no-op.
 */
@ApplicationScoped
public class ParkedEventService {
    /** Largest page of parked events: each entry carries the record's value (up to Kafka's message size). */
    public static final int MAX_PAGE = 100;
    private static final Logger LOG = Logger.getLogger(ParkedEventService.class);
    private static final String COLUMNS = "consumer, event_id, topic, partition_no, offset_no, value, error, parked_at";
    private static final String KEY = "consumer = ? AND topic = ? AND partition_no = ? AND offset_no = ?";

    private final Sql sql;
    private final LedgerConsumers consumers;
    private final MeterRegistry meters;

    ParkedEventService(Sql sql, LedgerConsumers consumers, MeterRegistry meters) {
        this.sql = sql;
        this.consumers = consumers;
        this.meters = meters;
    }

    /** Parked events, newest first (then by consumer, topic, partition and offset, so pages are stable). */
    @Transactional
    public List<ParkedEvent> page(int limit, int offset) {
        return sql.query("SELECT " + COLUMNS + " FROM parked_events ORDER BY parked_at DESC, consumer, topic, partition_no, "
                + "offset_no DESC LIMIT ? OFFSET ?", ParkedEventService::row, Math.min(limit, MAX_PAGE), offset);
    }

    /** How many events are parked. */
    @Transactional
    public long count() {
        return sql.queryLong("SELECT count(*) FROM parked_events").orElse(0L);
    }

    /**
     * Re-applies a parked record through its consumer's batch handler, as a batch of one in its own transaction, and
     * deletes its row in that transaction. Unknown consumer or no such row: {@code RESOURCE_NOT_FOUND}. A value that
     * cannot be decoded (or whose event type this build does not know): {@code CONFLICT}, row kept with the new error.
     * A handler failure: {@code INTERNAL_ERROR} (details only in the log and the row's error), row kept.
     */
    public ReplayResult replay(String consumer, String topic, int partition, long offset) {
        EventBatches.BatchHandler handler = consumers.handler(consumer);
        if (handler == null) {
            throw new ServiceException(ErrorCode.RESOURCE_NOT_FOUND, "no ledger consumer is named " + consumer, "consumer");
        }
        ParkedEvent parked = find(consumer, topic, partition, offset).orElseThrow(ParkedEventService::notFound);
        EventBatches.Incoming incoming;
        try {
            incoming = decode(parked);
        } catch (IllegalArgumentException e) {
            // Decoding is deterministic: this build can never apply the value, however often it is replayed.
            keep(parked, e);
            throw new ServiceException(ErrorCode.CONFLICT, "the parked event cannot be applied: " + e.getMessage(), "value");
        }
        ReplayResult result;
        try {
            result = QuarkusTransaction.requiringNew().call(() -> apply(parked, incoming, handler));
        } catch (RuntimeException e) {
            LOG.errorf(e, "replay of parked record %s %s-%d@%d failed", consumer, topic, partition, offset);
            keep(parked, e);
            throw new ServiceException(ErrorCode.INTERNAL_ERROR, null, null);
        }
        if (result == null) {
            throw notFound(); // replayed (or removed) by someone else since it was read
        }
        meters.counter("babysea.ledger.parked.replayed", "consumer", consumer, "outcome", result.outcome()).increment();
        LOG.infof("replayed parked record %s %s-%d@%d: %s", consumer, topic, partition, offset, result.outcome());
        return result;
    }

    private ReplayResult apply(ParkedEvent parked, EventBatches.Incoming incoming, EventBatches.BatchHandler handler) {
        // The row lock makes concurrent replays of one record take turns; the second finds the row gone. It is taken
        // before the handler locks accounts, and no other transaction locks a parked row, so it adds no deadlock.
        if (sql.queryOne("SELECT 1 FROM parked_events WHERE " + KEY + " FOR UPDATE", rs -> 1, parked.consumer(), parked.topic(),
                parked.partition(), parked.offset()).isEmpty()) {
            return null;
        }
        String eventId = incoming.envelope().eventId();
        boolean seen = inboxHas(parked.consumer(), eventId);
        handler.apply(parked.consumer(), List.of(incoming));
        String outcome = seen ? ReplayResult.ALREADY_APPLIED
                : inboxHas(parked.consumer(), eventId) ? ReplayResult.APPLIED : ReplayResult.NOT_APPLICABLE;
        sql.update("DELETE FROM parked_events WHERE " + KEY, parked.consumer(), parked.topic(), parked.partition(), parked.offset());
        return new ReplayResult(parked.consumer(), parked.topic(), parked.partition(), parked.offset(), eventId,
                incoming.envelope().eventType(), outcome);
    }

    private boolean inboxHas(String consumer, String eventId) {
        return sql.queryOne("SELECT 1 FROM inbox WHERE consumer = ? AND event_id = ?", rs -> 1, consumer, eventId).isPresent();
    }

    /** The record as the consumer decoded it; the Kafka key is the envelope's aggregate id (it only names the trace). */
    private static EventBatches.Incoming decode(ParkedEvent parked) {
        EventEnvelope envelope = EventEnvelope.parse(parked.value());
        if (envelope == null || envelope.eventId() == null || envelope.eventId().isBlank()) {
            throw new IllegalArgumentException("the envelope has no event_id");
        }
        if (envelope.type() == null) {
            // The consumer skips unknown types; a parked one is kept rather than dropped, for a build that knows it.
            throw new IllegalArgumentException("event type " + envelope.eventType() + " is unknown to this build");
        }
        ConsumerRecord<String, String> record = new ConsumerRecord<>(parked.topic(), parked.partition(), parked.offset(),
                envelope.aggregateId(), parked.value());
        return new EventBatches.Incoming(record, envelope, envelope.decode());
    }

    private void keep(ParkedEvent parked, RuntimeException error) {
        QuarkusTransaction.requiringNew().run(() -> sql.update("UPDATE parked_events SET error = ? WHERE " + KEY, String.valueOf(error),
                parked.consumer(), parked.topic(), parked.partition(), parked.offset()));
    }

    private Optional<ParkedEvent> find(String consumer, String topic, int partition, long offset) {
        return QuarkusTransaction.requiringNew().call(() -> sql.queryOne("SELECT " + COLUMNS + " FROM parked_events WHERE " + KEY,
                ParkedEventService::row, consumer, topic, partition, offset));
    }

    private static ServiceException notFound() {
        return new ServiceException(ErrorCode.RESOURCE_NOT_FOUND, "no parked event with this consumer, topic, partition and offset", null);
    }

    private static ParkedEvent row(ResultSet rs) throws SQLException {
        return new ParkedEvent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getLong(5), rs.getString(6),
                rs.getString(7), Sql.instant(rs, "parked_at"));
    }
}
