package ai.babysea.webhook.delivery;

import ai.babysea.platform.jdbc.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** SQL for deliveries, attempts and the queue; runs inside the caller's transaction. */
@ApplicationScoped
class DeliveryRepository {
    private final Sql sql;

    DeliveryRepository(Sql sql) {
        this.sql = sql;
    }

    /** Inserts a pending delivery; false when this endpoint already has one for the dedupe key. */
    boolean insert(UUID id, UUID endpointId, String accountId, String event, String generationId, String origin, String dedupeKey,
            String data, String body, Instant createdAt, Instant firstAttemptAt) {
        return sql.update("INSERT INTO webhook_deliveries (id, endpoint_id, account_id, event_type, generation_id, origin, "
                + "dedupe_key, data, body, status, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?) "
                + "ON CONFLICT (endpoint_id, dedupe_key) DO NOTHING",
                id, endpointId, accountId, event, generationId, origin, dedupeKey, data, body, firstAttemptAt, createdAt) == 1;
    }

    /** Queues an event for a disabled endpoint; false when it is already queued. */
    boolean enqueue(UUID id, UUID endpointId, String accountId, String event, String generationId, String dedupeKey, String data,
            Instant expiresAt) {
        return sql.update("INSERT INTO webhook_queue (id, endpoint_id, account_id, event_type, generation_id, dedupe_key, data, "
                + "status, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?) ON CONFLICT (endpoint_id, dedupe_key) DO NOTHING",
                id, endpointId, accountId, event, generationId, dedupeKey, data, expiresAt) == 1;
    }

    /** Records the first terminal event of a generation; false when another terminal event came first. */
    boolean firstTerminal(String generationId, String event) {
        return sql.update("INSERT INTO webhook_generation_terminals (generation_id, event_type) VALUES (?, ?) "
                + "ON CONFLICT (generation_id) DO NOTHING", generationId, event) == 1;
    }

    /** A candidate due delivery (not yet claimed). */
    record Due(UUID id, UUID endpointId) {
    }

    /**
     * Due deliveries, at most {@code perEndpoint} per endpoint and none for the excluded (saturated)
     * endpoints, oldest due first, so one endpoint's backlog cannot fill the batch.
     */
    List<Due> due(UUID[] excludedEndpoints, int perEndpoint, int limit) {
        return sql.query("SELECT id, endpoint_id FROM (SELECT id, endpoint_id, next_attempt_at, "
                + "row_number() OVER (PARTITION BY endpoint_id ORDER BY next_attempt_at) AS rank "
                + "FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= now() AND endpoint_id <> ALL(?::uuid[])) c "
                + "WHERE rank <= ? ORDER BY next_attempt_at LIMIT ?",
                row -> new Due(row.getObject("id", UUID.class), row.getObject("endpoint_id", UUID.class)),
                uuidArray(excludedEndpoints), perEndpoint, limit);
    }

    /**
     * Claims due deliveries for one attempt each: the attempt number is taken and the row is leased (pushed
     * into the future), so another instance skips it and, after a crash, it becomes due again when the lease lapses.
     */
    List<ClaimedDelivery> claim(UUID[] ids, Duration lease) {
        return sql.query("UPDATE webhook_deliveries d SET attempt_count = d.attempt_count + 1, "
                + "next_attempt_at = now() + make_interval(secs => ?) FROM webhook_endpoints e "
                + "WHERE d.id = ANY(?::uuid[]) AND d.status = 'pending' AND d.next_attempt_at <= now() AND e.id = d.endpoint_id "
                + "RETURNING d.id, d.endpoint_id, d.event_type, d.body, d.attempt_count, d.created_at, e.url, e.secret, e.enabled",
                row -> new ClaimedDelivery(row.getObject("id", UUID.class), row.getObject("endpoint_id", UUID.class),
                        row.getString("event_type"), row.getString("body"), row.getInt("attempt_count"), Sql.instant(row, "created_at"),
                        row.getString("url"), row.getString("secret"), row.getBoolean("enabled"),
                        WebhookPayloads.TIMESTAMP.format(Sql.instant(row, "created_at"))),
                lease.toMillis() / 1000.0, uuidArray(ids));
    }

    void insertAttempt(UUID deliveryId, int attempt, AttemptResult result) {
        sql.update("INSERT INTO webhook_attempts (delivery_id, attempt, started_at, duration_ms, status_code, error, response_excerpt) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", deliveryId, attempt, result.startedAt(), result.durationMs(),
                result.statusCode(), result.error(), result.responseExcerpt());
    }

    /** Marks the attempt's delivery succeeded; false when the row moved on (lease lapsed and re-claimed). */
    boolean markSucceeded(UUID deliveryId, int attempt, int statusCode) {
        return sql.update("UPDATE webhook_deliveries SET status = 'succeeded', next_attempt_at = NULL, completed_at = now(), "
                + "last_status_code = ?, last_error = NULL WHERE id = ? AND status = 'pending' AND attempt_count = ?",
                statusCode, deliveryId, attempt) == 1;
    }

    boolean scheduleRetry(UUID deliveryId, int attempt, Integer statusCode, String error, Instant nextAttemptAt) {
        return sql.update("UPDATE webhook_deliveries SET next_attempt_at = ?, last_status_code = ?, last_error = ? "
                + "WHERE id = ? AND status = 'pending' AND attempt_count = ?", nextAttemptAt, statusCode, error, deliveryId, attempt) == 1;
    }

    boolean markFailed(UUID deliveryId, int attempt, Integer statusCode, String error) {
        return sql.update("UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, completed_at = now(), "
                + "last_status_code = ?, last_error = ? WHERE id = ? AND status = 'pending' AND attempt_count = ?",
                statusCode, error, deliveryId, attempt) == 1;
    }

    private static final String PARK = "WITH parked AS (UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, "
            + "completed_at = now(), last_error = 'endpoint disabled; event queued', attempt_count = %s WHERE %s "
            + "RETURNING id, endpoint_id, account_id, event_type, generation_id, dedupe_key, data) "
            + "INSERT INTO webhook_queue (id, endpoint_id, account_id, event_type, generation_id, dedupe_key, data, status, expires_at) "
            + "SELECT gen_random_uuid(), endpoint_id, account_id, event_type, generation_id, coalesce(dedupe_key, 'delivery:' || id), "
            + "data, 'pending', ? FROM parked ON CONFLICT (endpoint_id, dedupe_key) DO NOTHING";

    /** Moves one claimed (not sent) delivery into its endpoint's queue; the claim's attempt number is given back. */
    int parkIntoQueue(UUID deliveryId, int attempt, Instant expiresAt) {
        return sql.update(String.format(PARK, "attempt_count - 1", "id = ? AND status = 'pending' AND attempt_count = ?"),
                deliveryId, attempt, expiresAt);
    }

    /** Moves every pending delivery of an endpoint into its queue (the endpoint was just disabled). */
    int parkAllIntoQueue(UUID endpointId, Instant expiresAt) {
        return sql.update(String.format(PARK, "attempt_count", "endpoint_id = ? AND status = 'pending'"), endpointId, expiresAt);
    }

    private static String[] uuidArray(UUID[] ids) {
        String[] text = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            text[i] = ids[i].toString();
        }
        return text;
    }
}
