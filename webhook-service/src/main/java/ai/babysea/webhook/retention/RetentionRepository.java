package ai.babysea.webhook.retention;

import ai.babysea.platform.jdbc.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** SQL for account plans and the delivery-log purge; runs inside the caller's transaction. */
@ApplicationScoped
class RetentionRepository {
    private final Sql sql;

    RetentionRepository(Sql sql) {
        this.sql = sql;
    }

    /** Records the account's plan; writes only when it is new or changed. */
    void upsertPlan(String accountId, String plan) {
        sql.update("INSERT INTO webhook_accounts (account_id, plan) VALUES (?, ?) ON CONFLICT (account_id) DO UPDATE "
                + "SET plan = excluded.plan, updated_at = now() WHERE webhook_accounts.plan IS DISTINCT FROM excluded.plan",
                accountId, plan);
    }

    /** An endpoint and its account's plan (null when never told). */
    record EndpointPlan(UUID endpointId, String plan) {
    }

    /** One page of endpoints after {@code after} in id order, with their account's plan. */
    List<EndpointPlan> endpointsAfter(UUID after, int limit) {
        return sql.query("SELECT e.id, a.plan FROM webhook_endpoints e LEFT JOIN webhook_accounts a ON a.account_id = e.account_id "
                + "WHERE e.id > ? ORDER BY e.id LIMIT ?",
                row -> new EndpointPlan(row.getObject("id", UUID.class), row.getString("plan")), after, limit);
    }

    /**
     * Deletes up to {@code limit} finished deliveries of the endpoint that completed longer ago than {@code retention}
     * (their attempts go with them, ON DELETE CASCADE); a pending delivery is never touched. Returns how many.
     */
    int deleteFinishedDeliveries(UUID endpointId, Duration retention, int limit) {
        return sql.update("DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries WHERE endpoint_id = ? "
                + "AND status <> 'pending' AND completed_at < now() - make_interval(secs => ?) ORDER BY completed_at LIMIT ? "
                + "FOR UPDATE SKIP LOCKED)", endpointId, (double) retention.toSeconds(), limit);
    }

    /**
     * Deletes up to {@code limit} queue entries of the endpoint that were delivered, or expired, longer ago than
     * {@code retention}; a pending entry is never touched. Returns how many.
     */
    int deleteFinishedQueueEntries(UUID endpointId, Duration retention, int limit) {
        return sql.update("DELETE FROM webhook_queue WHERE id IN (SELECT id FROM webhook_queue WHERE endpoint_id = ? "
                + "AND status <> 'pending' AND coalesce(delivered_at, expires_at) < now() - make_interval(secs => ?) "
                + "LIMIT ? FOR UPDATE SKIP LOCKED)", endpointId, (double) retention.toSeconds(), limit);
    }
}
