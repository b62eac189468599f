package ai.babysea.platform.inbox;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Idempotent consumption: records `(consumer, event_id)` in the caller's transaction. MANDATORY,
 * so the dedupe row and the effect commit or roll back together.
 */
@ApplicationScoped
public class Inbox {
    private final AgroalDataSource dataSource;

    Inbox(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** True the first time this consumer sees this event id; false on every redelivery. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String consumer, String eventId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "INSERT INTO inbox (consumer, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            statement.setString(1, consumer);
            statement.setString(2, eventId);
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("inbox insert failed", e);
        }
    }

    /**
     * The event ids of a batch this consumer sees for the first time (one statement for the whole batch); every id
     * is recorded, so a redelivery of any of them is recognised.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public java.util.Set<String> firstDeliveries(String consumer, java.util.Collection<String> eventIds) {
        java.util.Set<String> fresh = new java.util.HashSet<>();
        if (eventIds.isEmpty()) {
            return fresh;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("INSERT INTO inbox (consumer, event_id) SELECT ?, e "
                     + "FROM unnest(?::text[]) AS e ON CONFLICT DO NOTHING RETURNING event_id")) {
            statement.setString(1, consumer);
            statement.setArray(2, connection.createArrayOf("text", new java.util.LinkedHashSet<>(eventIds).toArray()));
            try (java.sql.ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    fresh.add(rs.getString(1));
                }
            }
            return fresh;
        } catch (SQLException e) {
            throw new IllegalStateException("inbox insert failed", e);
        }
    }
}
