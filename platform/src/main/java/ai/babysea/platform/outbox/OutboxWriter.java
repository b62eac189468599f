package ai.babysea.platform.outbox;

import ai.babysea.contracts.events.DomainEvent;
import ai.babysea.contracts.events.EventEnvelope;
import ai.babysea.platform.metrics.EventMetrics;
import ai.babysea.platform.tracing.TraceContext;
import ai.babysea.platform.tx.AfterCommit;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends events to the outbox table inside the caller's transaction; the only way business
 * code publishes anything (no dual writes). MANDATORY: it cannot run outside a transaction.
 */
@ApplicationScoped
public class OutboxWriter {
    private final AgroalDataSource dataSource;
    private final OutboxRelay relay;
    private final EventMetrics metrics;
    private final AfterCommit afterCommit;

    OutboxWriter(AgroalDataSource dataSource, OutboxRelay relay, EventMetrics metrics,
            AfterCommit afterCommit) {
        this.dataSource = dataSource;
        this.relay = relay;
        this.metrics = metrics;
        this.afterCommit = afterCommit;
    }

    /** Wraps the event in a fresh envelope and appends it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(DomainEvent event) {
        Row row = row(event);
        insert(row, row::event);
    }

    /**
     * Appends many events in their order with one statement (batch consumers: one multi-row insert instead of a
     * statement per event). Every event gets a fresh envelope id, so no conflict can arise; metrics and the relay
     * wake-up as for {@link #append(DomainEvent)}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendAll(List<? extends DomainEvent> events) {
        List<Row> rows = new ArrayList<>(events.size());
        for (DomainEvent event : events) {
            rows.add(row(event));
        }
        insertAll(rows);
    }

    /** An event with an id its writer derived from what it announces, so that writing it twice writes it once. */
    public record Identified(String eventId, DomainEvent event, java.time.Instant occurredAt) {
    }

    /**
     * Appends events with derived ids in their order with one statement; an id already in the outbox is skipped
     * (a transition replayed after a crash announces nothing twice).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendAllIdentified(List<Identified> events) {
        List<Row> rows = new ArrayList<>(events.size());
        for (Identified identified : events) {
            rows.add(Row.of(identified.eventId(), identified.event(), identified.occurredAt()));
        }
        insertAll(rows);
    }

    private void insertAll(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int n = rows.size();
        String[][] columns = new String[6][n];
        for (int i = 0; i < n; i++) {
            String[] values = rows.get(i).params();
            for (int c = 0; c < columns.length; c++) {
                columns[c][i] = values[c];
            }
        }
        // ORDER BY ord: ids (the relay's publish order) are assigned in the events' order.
        String sql = "INSERT INTO outbox (" + COLUMNS + ") SELECT " + COLUMNS + " FROM unnest(?::text[], ?::text[], ?::text[], "
                + "?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS v(" + COLUMNS + ", ord) ORDER BY ord "
                + "ON CONFLICT (event_id) DO NOTHING RETURNING event_id";
        java.util.Set<String> inserted = new java.util.HashSet<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < columns.length; i++) {
                statement.setArray(i + 1, connection.createArrayOf("text", columns[i]));
            }
            try (java.sql.ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("outbox append failed", e);
        }
        List<DomainEvent> committed = new ArrayList<>(inserted.size());
        for (Row row : rows) {
            if (inserted.contains(row.eventId()) && row.event() != null) {
                committed.add(row.event());
            }
        }
        afterCommit.run(() -> committed.forEach(metrics::committed));
        relay.wakeUpAfterCommit();
    }

    /** One outbox row: the values of {@link #COLUMNS}, and the event the metrics count once it committed. */
    private record Row(String eventId, String topic, String messageKey, String eventType, String envelope, String traceparent,
            DomainEvent event) {
        /** The values of {@link #COLUMNS}, in that order (all text). */
        String[] params() {
            return new String[] {eventId, topic, messageKey, eventType, envelope, traceparent};
        }

        static Row of(EventEnvelope envelope, DomainEvent event) {
            return new Row(envelope.eventId(), envelope.type().topic(), envelope.aggregateId(), envelope.eventType(), envelope.toJson(),
                    TraceContext.traceparentFor(envelope.aggregateId()), event);
        }

        /** The row of an event in a fresh envelope, its JSON written straight from the event (no intermediate tree). */
        static Row of(String eventId, DomainEvent event, java.time.Instant occurredAt) {
            return new Row(eventId, event.type().topic(), event.aggregateId(), event.type().wireName(),
                    EventEnvelope.toJson(eventId, event, occurredAt), TraceContext.traceparentFor(event.aggregateId()), event);
        }
    }

    /** The outbox columns a row fills. */
    private static final String COLUMNS = "event_id, topic, message_key, event_type, envelope, traceparent";

    /** Wraps the event in a fresh envelope and prepares its row (nothing is written). */
    private static Row row(DomainEvent event) {
        return Row.of(ai.babysea.contracts.Ids.uuidV7().toString(), event,
                java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    }

    /** Appends a prepared envelope (for derived, deterministic event ids). Duplicate event ids are ignored. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(EventEnvelope envelope) {
        insert(Row.of(envelope, null), envelope::decode);
    }

    /**
     * Inserts one row; {@code event} gives its payload to the metrics once committed (the caller's own object where it
     * has one: decoding the envelope again only for them was ~10 % of the API's submit CPU, measured with JFR under load).
     */
    private void insert(Row row, java.util.function.Supplier<DomainEvent> event) {
        String sql = "INSERT INTO outbox (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            String[] values = row.params();
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            if (statement.executeUpdate() == 1) {
                afterCommit.run(() -> metrics.committed(event.get()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("outbox append failed", e);
        }
        relay.wakeUpAfterCommit();
    }
}
