package ai.babysea.webhook.endpoint;

import ai.babysea.platform.jdbc.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL for `webhook_endpoints`; runs inside the caller's transaction. */
@ApplicationScoped
public class EndpointRepository {
    static final String COLUMNS = "id, account_id, url, description, events, enabled, disabled_reason, disabled_at, "
            + "consecutive_failures, created_at, updated_at";

    private final Sql sql;

    EndpointRepository(Sql sql) {
        this.sql = sql;
    }

    static Endpoint map(ResultSet row) throws SQLException {
        Array events = row.getArray("events");
        return new Endpoint(row.getObject("id", UUID.class), row.getString("account_id"), row.getString("url"),
                row.getString("description"), Arrays.asList((String[]) events.getArray()), row.getBoolean("enabled"),
                row.getString("disabled_reason"), Sql.instant(row, "disabled_at"), row.getInt("consecutive_failures"),
                Sql.instant(row, "created_at"), Sql.instant(row, "updated_at"));
    }

    void insert(UUID id, String accountId, String url, String description, String secret, List<String> events) {
        sql.update("INSERT INTO webhook_endpoints (id, account_id, url, description, secret, events) VALUES (?, ?, ?, ?, ?, ?)",
                id, accountId, url, description, secret, events.toArray(String[]::new));
    }

    /** The endpoint of this account, if it exists. */
    public Optional<Endpoint> find(String accountId, UUID id) {
        return sql.queryOne("SELECT " + COLUMNS + " FROM webhook_endpoints WHERE account_id = ? AND id = ?",
                EndpointRepository::map, accountId, id);
    }

    /** The endpoint of this account locked for update, if it exists. */
    Optional<Endpoint> lock(String accountId, UUID id) {
        return sql.queryOne("SELECT " + COLUMNS + " FROM webhook_endpoints WHERE account_id = ? AND id = ? FOR UPDATE",
                EndpointRepository::map, accountId, id);
    }

    List<Endpoint> list(String accountId) {
        return sql.query("SELECT " + COLUMNS + " FROM webhook_endpoints WHERE account_id = ? ORDER BY created_at, id",
                EndpointRepository::map, accountId);
    }

    long count(String accountId) {
        return sql.queryLong("SELECT count(*) FROM webhook_endpoints WHERE account_id = ?", accountId).orElse(0L);
    }

    /** Every endpoint of the account subscribed to this event, enabled or not. */
    public List<Endpoint> subscribedTo(String accountId, String event) {
        return sql.query("SELECT " + COLUMNS + " FROM webhook_endpoints WHERE account_id = ? AND ? = ANY(events) ORDER BY id",
                EndpointRepository::map, accountId, event);
    }

    void update(UUID id, String url, String description, List<String> events) {
        sql.update("UPDATE webhook_endpoints SET url = ?, description = ?, events = ?, updated_at = now() WHERE id = ?",
                url, description, events.toArray(String[]::new), id);
    }

    void setSecret(UUID id, String secret) {
        sql.update("UPDATE webhook_endpoints SET secret = ?, updated_at = now() WHERE id = ?", secret, id);
    }

    void enable(UUID id) {
        sql.update("UPDATE webhook_endpoints SET enabled = TRUE, disabled_reason = NULL, disabled_at = NULL, "
                + "consecutive_failures = 0, updated_at = now() WHERE id = ?", id);
    }

    /** Disables the endpoint if it is enabled; true when this call disabled it. */
    public boolean disable(UUID id, String reason) {
        return sql.update("UPDATE webhook_endpoints SET enabled = FALSE, disabled_reason = ?, disabled_at = now(), "
                + "updated_at = now() WHERE id = ? AND enabled", reason, id) == 1;
    }

    int delete(String accountId, UUID id) {
        return sql.update("DELETE FROM webhook_endpoints WHERE account_id = ? AND id = ?", accountId, id);
    }

    /** Resets the consecutive-failure counter after a 2xx. */
    public void recordSuccess(UUID id) {
        sql.update("UPDATE webhook_endpoints SET consecutive_failures = 0 WHERE id = ? AND consecutive_failures <> 0", id);
    }

    /** Resets the consecutive-failure counters of these endpoints after 2xx answers. */
    public void recordSuccesses(UUID[] ids) {
        if (ids.length == 0) {
            return;
        }
        String[] text = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            text[i] = ids[i].toString();
        }
        sql.update("UPDATE webhook_endpoints SET consecutive_failures = 0 WHERE id = ANY(?::uuid[]) AND consecutive_failures <> 0",
                (Object) text);
    }

    /** Counts a failed attempt; returns the new consecutive-failure count. */
    public int recordFailure(UUID id) {
        return sql.queryOne("UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1 WHERE id = ? "
                + "RETURNING consecutive_failures", row -> row.getInt(1), id).orElse(0);
    }
}
