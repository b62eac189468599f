package ai.babysea.webhook.delivery;

import ai.babysea.platform.jdbc.Sql;
import ai.babysea.platform.tracing.TraceContext;
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

    /**
     * Inserts a pending delivery; false when this endpoint already has one for the dedupe key. The causing record's
     * traceparent is stored with it (as by {@link #insertMany}) for the attempt's span. A {@code sequenced} delivery
     * takes the next sequence number and is sent only after every earlier open sequenced delivery of its endpoint
     * has had the outcome of its first attempt recorded (see {@link #due}).
     */
    boolean insert(UUID id, UUID endpointId, String accountId, String event, String generationId, String origin, String dedupeKey,
            String data, String body, Instant createdAt, Instant firstAttemptAt, boolean sequenced) {
        return sql.update("INSERT INTO webhook_deliveries (id, endpoint_id, account_id, event_type, generation_id, origin, "
                + "dedupe_key, data, body, status, next_attempt_at, created_at, traceparent, sequence_no, sequence_open) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, "
                + "CASE WHEN ?::boolean THEN nextval('webhook_delivery_sequence') END, ?) "
                + "ON CONFLICT (endpoint_id, dedupe_key) DO NOTHING",
                id, endpointId, accountId, event, generationId, origin, dedupeKey, data, body, firstAttemptAt, createdAt,
                traceparentOf(generationId, accountId), sequenced, sequenced) == 1;
    }

    /**
     * Inserts one pending delivery per endpoint with a single statement (an event fans out to many endpoints);
     * rows whose endpoint already has the dedupe key are skipped. Returns how many were inserted. Each row keeps the
     * causing record's traceparent, so its attempts continue the trace of the event that caused them.
     */
    int insertMany(String[] ids, String[] endpointIds, String[] bodies, String accountId, String event, String generationId,
            String origin, String dedupeKey, String data, Instant createdAt, Instant firstAttemptAt) {
        return sql.update("INSERT INTO webhook_deliveries (id, endpoint_id, body, account_id, event_type, generation_id, origin, "
                + "dedupe_key, data, status, next_attempt_at, created_at, traceparent) "
                + "SELECT u.id, u.endpoint_id, u.body, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ? "
                + "FROM unnest(?::uuid[], ?::uuid[], ?::text[]) AS u(id, endpoint_id, body) "
                + "ON CONFLICT (endpoint_id, dedupe_key) DO NOTHING",
                accountId, event, generationId, origin, dedupeKey, data, firstAttemptAt, createdAt, traceparentOf(generationId, accountId),
                ids, endpointIds, bodies);
    }

    /**
     * The traceparent of the record that caused a delivery: a batch of records runs under several traces, registered
     * by message key (the generation id for generation events, the account id for ledger events).
     */
    private static String traceparentOf(String generationId, String accountId) {
        return TraceContext.traceparentFor(generationId != null ? generationId : accountId);
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
     * endpoints, oldest due first, so one endpoint's backlog cannot fill the batch. An open sequenced delivery
     * (deliver-queued) is due only when no earlier open one of its endpoint exists, i.e. the previous one has had
     * its first attempt's outcome recorded; so at most one of an endpoint's sequence is ever claimed at a time.
     */
    List<Due> due(UUID[] excludedEndpoints, int perEndpoint, int limit) {
        return sql.query(DUE, row -> new Due(row.getObject("id", UUID.class), row.getObject("endpoint_id", UUID.class)),
                perEndpoint, uuidArray(excludedEndpoints), limit);
    }

    /**
     * The statement of {@link #due} (parameters: per endpoint, excluded endpoints, limit). The endpoints with pending
     * deliveries are found by a skip scan of the partial index {@code webhook_deliveries_pending_by_endpoint} (one index
     * probe per endpoint), and each contributes its oldest due rows through the same index, so a poll reads a few index
     * entries per endpoint however large one endpoint's backlog is; ranking every due row instead sorted the whole
     * backlog on every poll, and a backlog drained the more slowly the larger it was.
     */
    static final String DUE = "WITH RECURSIVE endpoints(endpoint_id) AS ("
            + "(SELECT endpoint_id FROM webhook_deliveries WHERE status = 'pending' ORDER BY endpoint_id LIMIT 1) "
            + "UNION ALL SELECT (SELECT d.endpoint_id FROM webhook_deliveries d WHERE d.status = 'pending' AND d.endpoint_id > e.endpoint_id "
            + "ORDER BY d.endpoint_id LIMIT 1) FROM endpoints e WHERE e.endpoint_id IS NOT NULL) "
            + "SELECT c.id, c.endpoint_id FROM endpoints e CROSS JOIN LATERAL (SELECT d.id, d.endpoint_id, d.next_attempt_at "
            + "FROM webhook_deliveries d WHERE d.endpoint_id = e.endpoint_id AND d.status = 'pending' AND d.next_attempt_at <= now() "
            + "AND (NOT d.sequence_open OR NOT EXISTS (SELECT 1 FROM webhook_deliveries earlier WHERE earlier.sequence_open "
            + "AND earlier.endpoint_id = d.endpoint_id AND earlier.sequence_no < d.sequence_no)) "
            + "ORDER BY d.next_attempt_at, d.sequence_no LIMIT ?) c "
            + "WHERE e.endpoint_id IS NOT NULL AND e.endpoint_id <> ALL(?::uuid[]) ORDER BY c.next_attempt_at LIMIT ?";

    /**
     * Claims due deliveries for one attempt each: the attempt number is taken and the row is leased (pushed
     * into the future), so another instance skips it and, after a crash, it becomes due again when the lease lapses.
     */
    List<ClaimedDelivery> claim(UUID[] ids, Duration lease) {
        return sql.query("UPDATE webhook_deliveries d SET attempt_count = d.attempt_count + 1, "
                + "next_attempt_at = now() + make_interval(secs => ?) FROM webhook_endpoints e "
                + "WHERE d.id IN (SELECT id FROM webhook_deliveries WHERE id = ANY(?::uuid[]) AND status = 'pending' "
                // SKIP LOCKED: a row being recorded or parked right now is left for the next poll instead of
                // waiting on it (and risking a lock-order deadlock with a multi-row update).
                + "AND next_attempt_at <= now() ORDER BY id FOR UPDATE SKIP LOCKED) AND e.id = d.endpoint_id "
                + "RETURNING d.id, d.endpoint_id, d.event_type, d.body, d.attempt_count, d.created_at, e.url, e.secret, e.enabled, d.traceparent, "
                + "d.sequence_open",
                row -> new ClaimedDelivery(row.getObject("id", UUID.class), row.getObject("endpoint_id", UUID.class),
                        row.getString("event_type"), row.getString("body"), row.getInt("attempt_count"), Sql.instant(row, "created_at"),
                        row.getString("url"), row.getString("secret"), row.getBoolean("enabled"),
                        WebhookPayloads.TIMESTAMP.format(Sql.instant(row, "created_at")), row.getString("traceparent"),
                        row.getBoolean("sequence_open")),
                lease.toMillis() / 1000.0, uuidArray(ids));
    }

    void insertAttempt(UUID deliveryId, int attempt, AttemptResult result) {
        // SELECT ... WHERE EXISTS: the endpoint (and its deliveries) may have been deleted while the attempt was in flight.
        sql.update("INSERT INTO webhook_attempts (delivery_id, attempt, started_at, duration_ms, status_code, error, response_excerpt) "
                + "SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM webhook_deliveries WHERE id = ?) ON CONFLICT DO NOTHING",
                deliveryId, attempt, result.startedAt(), result.durationMs(), result.statusCode(), result.error(),
                result.responseExcerpt(), deliveryId);
    }

    /**
     * Records many successful attempts with three statements: the attempt rows, the deliveries (only those
     * still pending at that attempt), and returns the endpoints whose failure counter must reset.
     */
    List<UUID> recordSuccesses(List<AttemptOutcome> outcomes) {
        int n = outcomes.size();
        String[] ids = new String[n];
        String[] attempts = new String[n];
        String[] startedAt = new String[n];
        String[] durations = new String[n];
        String[] statuses = new String[n];
        String[] excerpts = new String[n];
        for (int i = 0; i < n; i++) {
            AttemptOutcome o = outcomes.get(i);
            ids[i] = o.delivery().deliveryId().toString();
            attempts[i] = Integer.toString(o.delivery().attempt());
            startedAt[i] = o.result().startedAt().toString();
            durations[i] = Long.toString(o.result().durationMs());
            statuses[i] = Integer.toString(o.result().statusCode());
            excerpts[i] = o.result().responseExcerpt();
        }
        sql.update("INSERT INTO webhook_attempts (delivery_id, attempt, started_at, duration_ms, status_code, error, response_excerpt) "
                + "SELECT u.id, u.attempt, u.started_at, u.duration_ms, u.status_code, NULL, u.excerpt "
                + "FROM unnest(?::uuid[], ?::int[], ?::timestamptz[], ?::bigint[], ?::int[], ?::text[]) "
                + "AS u(id, attempt, started_at, duration_ms, status_code, excerpt) "
                + "WHERE EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.id = u.id) ON CONFLICT DO NOTHING",
                ids, attempts, startedAt, durations, statuses, excerpts);
        return sql.query("UPDATE webhook_deliveries d SET status = 'succeeded', next_attempt_at = NULL, completed_at = now(), "
                + "last_status_code = u.status_code, last_error = NULL, sequence_open = FALSE FROM unnest(?::uuid[], ?::int[], ?::int[]) AS u(id, attempt, status_code) "
                + "WHERE d.id = u.id AND d.status = 'pending' AND d.attempt_count = u.attempt RETURNING d.endpoint_id",
                row -> row.getObject(1, UUID.class), ids, attempts, statuses);
    }

    private static final String DELIVERY_COLUMNS = "id, endpoint_id, event_type, generation_id, origin, status, attempt_count, "
            + "last_status_code, last_error, created_at, next_attempt_at, completed_at, body, data";

    /** A stored delivery with its data (attempts are loaded separately). */
    record StoredDelivery(UUID id, UUID endpointId, String event, String generationId, String origin, String status, int attemptCount,
            Integer lastStatusCode, String lastError, Instant createdAt, Instant nextAttemptAt, Instant completedAt, String body,
            String data) {
    }

    private static StoredDelivery mapDelivery(java.sql.ResultSet row) throws java.sql.SQLException {
        int code = row.getInt("last_status_code");
        Integer lastStatusCode = row.wasNull() ? null : code;
        return new StoredDelivery(row.getObject("id", UUID.class), row.getObject("endpoint_id", UUID.class), row.getString("event_type"),
                row.getString("generation_id"), row.getString("origin"), row.getString("status"), row.getInt("attempt_count"),
                lastStatusCode, row.getString("last_error"), Sql.instant(row, "created_at"), Sql.instant(row, "next_attempt_at"),
                Sql.instant(row, "completed_at"), row.getString("body"), row.getString("data"));
    }

    java.util.Optional<StoredDelivery> find(UUID endpointId, UUID deliveryId) {
        return sql.queryOne("SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries WHERE endpoint_id = ? AND id = ?",
                DeliveryRepository::mapDelivery, endpointId, deliveryId);
    }

    List<StoredDelivery> page(UUID endpointId, String status, int limit, int offset) {
        return sql.query("SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries WHERE endpoint_id = ? AND (?::text IS NULL OR status = ?) "
                + "ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?", DeliveryRepository::mapDelivery, endpointId, status, status,
                limit, offset);
    }

    long count(UUID endpointId, String status) {
        return sql.queryLong("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = ? AND (?::text IS NULL OR status = ?)",
                endpointId, status, status).orElse(0L);
    }

    /** One stored attempt. */
    record StoredAttempt(UUID deliveryId, int attempt, Instant startedAt, long durationMs, Integer statusCode, String error) {
    }

    List<StoredAttempt> attempts(UUID[] deliveryIds) {
        return sql.query("SELECT delivery_id, attempt, started_at, duration_ms, status_code, error FROM webhook_attempts "
                + "WHERE delivery_id = ANY(?::uuid[]) ORDER BY delivery_id, attempt", row -> {
                    int code = row.getInt("status_code");
                    Integer statusCode = row.wasNull() ? null : code;
                    return new StoredAttempt(row.getObject("delivery_id", UUID.class), row.getInt("attempt"),
                            Sql.instant(row, "started_at"), row.getLong("duration_ms"), statusCode, row.getString("error"));
                }, (Object) uuidArray(deliveryIds));
    }

    /** One queued event. */
    record QueuedEvent(UUID id, String event, String generationId, String status, Instant queuedAt, Instant expiresAt,
            Instant deliveredAt, UUID deliveryId, String data) {
    }

    private static QueuedEvent mapQueued(java.sql.ResultSet row) throws java.sql.SQLException {
        return new QueuedEvent(row.getObject("id", UUID.class), row.getString("event_type"), row.getString("generation_id"),
                row.getString("status"), Sql.instant(row, "queued_at"), Sql.instant(row, "expires_at"), Sql.instant(row, "delivered_at"),
                row.getObject("delivery_id", UUID.class), row.getString("data"));
    }

    private static final String QUEUE_COLUMNS = "id, event_type, generation_id, status, queued_at, expires_at, delivered_at, delivery_id, data";

    List<QueuedEvent> queue(UUID endpointId, String status, int limit, int offset) {
        return sql.query("SELECT " + QUEUE_COLUMNS + " FROM webhook_queue WHERE endpoint_id = ? AND (?::text IS NULL OR status = ?) "
                + "ORDER BY queued_at, id LIMIT ? OFFSET ?", DeliveryRepository::mapQueued, endpointId, status, status, limit, offset);
    }

    long queueSize(UUID endpointId, String status) {
        return sql.queryLong("SELECT count(*) FROM webhook_queue WHERE endpoint_id = ? AND (?::text IS NULL OR status = ?)",
                endpointId, status, status).orElse(0L);
    }

    /** Pending queued events of an endpoint, oldest first, locked so two deliver-queued calls cannot both send one. */
    List<QueuedEvent> lockPendingQueue(UUID endpointId, int limit) {
        return sql.query("SELECT " + QUEUE_COLUMNS + " FROM webhook_queue WHERE endpoint_id = ? AND status = 'pending' "
                + "AND expires_at > now() ORDER BY queued_at, id LIMIT ? FOR UPDATE SKIP LOCKED", DeliveryRepository::mapQueued,
                endpointId, limit);
    }

    void markQueueDelivered(UUID queueId, UUID deliveryId) {
        sql.update("UPDATE webhook_queue SET status = 'delivered', delivered_at = now(), delivery_id = ? WHERE id = ?", deliveryId, queueId);
    }

    /** Marks queued events past their retention expired; returns how many. */
    int expireQueue() {
        return sql.update("UPDATE webhook_queue SET status = 'expired' WHERE status = 'pending' AND expires_at <= now()");
    }

    /** Marks the attempt's delivery succeeded; false when the row moved on (lease lapsed and re-claimed). */
    boolean markSucceeded(UUID deliveryId, int attempt, int statusCode) {
        return sql.update("UPDATE webhook_deliveries SET status = 'succeeded', next_attempt_at = NULL, completed_at = now(), "
                + "last_status_code = ?, last_error = NULL, sequence_open = FALSE WHERE id = ? AND status = 'pending' AND attempt_count = ?",
                statusCode, deliveryId, attempt) == 1;
    }

    boolean scheduleRetry(UUID deliveryId, int attempt, Integer statusCode, String error, Instant nextAttemptAt) {
        return sql.update("UPDATE webhook_deliveries SET next_attempt_at = ?, last_status_code = ?, last_error = ?, "
                // This attempt's failure releases the next delivery of a deliver-queued sequence; this one goes on
                // with the normal retry schedule.
                + "sequence_open = FALSE WHERE id = ? AND status = 'pending' AND attempt_count = ?", nextAttemptAt, statusCode, error, deliveryId, attempt) == 1;
    }

    boolean markFailed(UUID deliveryId, int attempt, Integer statusCode, String error) {
        return sql.update("UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, completed_at = now(), "
                + "last_status_code = ?, last_error = ?, sequence_open = FALSE WHERE id = ? AND status = 'pending' AND attempt_count = ?",
                statusCode, error, deliveryId, attempt) == 1;
    }

    private static final String PARK = "WITH parked AS (UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, "
            + "completed_at = now(), last_error = 'endpoint disabled; event queued', sequence_open = FALSE, attempt_count = %s WHERE %s "
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
