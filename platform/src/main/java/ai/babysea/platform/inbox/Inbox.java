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
     * The items of a batch whose events this consumer sees for the first time, in their order, with one statement for
     * the whole batch. Every id is recorded, so a redelivery of any of them is recognised; an id that occurs twice in
     * the batch counts once (its first occurrence).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T> java.util.List<T> firstDeliveries(String consumer, java.util.List<T> items, java.util.function.Function<T, String> eventId) {
        if (items.isEmpty()) {
            return items;
        }
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        items.forEach(item -> ids.add(eventId.apply(item)));
        java.util.Set<String> fresh = new java.util.HashSet<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("INSERT INTO inbox (consumer, event_id) SELECT ?, e "
                     + "FROM unnest(?::text[]) AS e ON CONFLICT DO NOTHING RETURNING event_id")) {
            statement.setString(1, consumer);
            statement.setArray(2, connection.createArrayOf("text", ids.toArray()));
            try (java.sql.ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    fresh.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("inbox insert failed", e);
        }
        java.util.List<T> first = new java.util.ArrayList<>(fresh.size());
        for (T item : items) {
            if (fresh.remove(eventId.apply(item))) {
                first.add(item);
            }
        }
        return first;
    }
}
