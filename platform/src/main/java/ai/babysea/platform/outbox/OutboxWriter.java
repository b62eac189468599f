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

    /** Wraps the event in a fresh envelope and appends it; returns the envelope. */
    @Transactional(Transactional.TxType.MANDATORY)
    public EventEnvelope append(DomainEvent event) {
        EventEnvelope envelope = EventEnvelope.wrap(event);
        append(envelope);
        return envelope;
    }

    /** Appends a prepared envelope (for derived, deterministic event ids). Duplicate event ids are ignored. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(EventEnvelope envelope) {
        String sql = "INSERT INTO outbox (event_id, topic, message_key, event_type, envelope, traceparent) VALUES (?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (event_id) DO NOTHING";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, envelope.eventId());
            statement.setString(2, envelope.type().topic());
            statement.setString(3, envelope.aggregateId());
            statement.setString(4, envelope.eventType());
            statement.setString(5, envelope.toJson());
            statement.setString(6, TraceContext.traceparentFor(envelope.aggregateId()));
            if (statement.executeUpdate() == 1) {
                afterCommit.run(() -> metrics.committed(envelope.decode()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("outbox append failed", e);
        }
        relay.wakeUpAfterCommit();
    }
}
