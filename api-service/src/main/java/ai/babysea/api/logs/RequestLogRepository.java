package ai.babysea.api.logs;

import ai.babysea.platform.jdbc.Sql;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** SQL of the `request_log` table and of the usage aggregates read from it and from the generations read model. */
@ApplicationScoped
public class RequestLogRepository {
    private final AgroalDataSource dataSource;
    private final Sql sql;

    RequestLogRepository(AgroalDataSource dataSource, Sql sql) {
        this.dataSource = dataSource;
        this.sql = sql;
    }

    /** Inserts entries with one JDBC batch on a connection of its own (autocommit: the request path never waits for it). */
    void insertAll(List<RequestLog.Entry> batch) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO request_log (request_id, account_id, key_id, key_prefix, "
                     + "key_name, method, endpoint, query, status, error_code, replayed, ip_hash, user_agent, duration_ms, created_at) "
                     + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (RequestLog.Entry e : batch) {
                insert.setString(1, e.requestId());
                insert.setObject(2, e.accountId());
                insert.setObject(3, e.keyId());
                insert.setString(4, e.keyPrefix());
                insert.setString(5, e.keyName());
                insert.setString(6, e.method());
                insert.setString(7, e.endpoint());
                insert.setString(8, e.query());
                insert.setInt(9, e.status());
                insert.setString(10, e.errorCode());
                insert.setBoolean(11, e.replayed());
                insert.setString(12, e.ipHash());
                insert.setString(13, e.userAgent());
                insert.setDouble(14, e.durationMs());
                insert.setTimestamp(15, Timestamp.from(e.createdAt()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** One stored request, as `/v1/logs` shows it. */
    record LoggedRequest(String requestId, UUID keyId, String keyName, String keyPrefix, String method, String endpoint, String query,
            int status, String errorCode, boolean replayed, String ipHash, String userAgent, double durationMs, Instant createdAt) {
    }

    /** A page of the account's request log, newest first. */
    List<LoggedRequest> page(UUID accountId, int limit, int offset) {
        return sql.query("SELECT * FROM request_log WHERE account_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                rs -> new LoggedRequest(rs.getString("request_id"), rs.getObject("key_id", UUID.class), rs.getString("key_name"),
                        rs.getString("key_prefix"), rs.getString("method"), rs.getString("endpoint"), rs.getString("query"),
                        rs.getInt("status"), rs.getString("error_code"), rs.getBoolean("replayed"), rs.getString("ip_hash"),
                        rs.getString("user_agent"), rs.getDouble("duration_ms"), Sql.instant(rs, "created_at")),
                accountId, limit, offset);
    }

    /** How many requests the account has in the log. */
    long count(UUID accountId) {
        return sql.queryLong("SELECT count(*) FROM request_log WHERE account_id = ?", accountId).orElse(0L);
    }

    /** Requests of one route template, status and error code (null on success) in the window. */
    record EndpointCount(String endpoint, int status, String errorCode, long count) {
    }

    /** The account's requests of the last {@code seconds}, counted per route template, status and error code, by route. */
    List<EndpointCount> endpointCounts(UUID accountId, double seconds) {
        return sql.query("SELECT endpoint, status, error_code, count(*) FROM request_log WHERE account_id = ? AND created_at > now() - "
                        + "make_interval(secs => ?) GROUP BY endpoint, status, error_code ORDER BY endpoint",
                rs -> new EndpointCount(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getLong(4)), accountId, seconds);
    }

    /** One provider's generations in the window: how many, their submissions, outcomes and credit costs. */
    record ProviderCounts(String provider, long generations, long submissions, long succeeded, long canceled, long failed,
            long succeededCostMicros, long wastedCostMicros) {
    }

    /**
     * The account's generations created in the last {@code seconds}, per provider (the one that ran it, else the one running
     * it, else the first of its order), by provider.
     */
    List<ProviderCounts> providerCounts(UUID accountId, double seconds) {
        return sql.query("SELECT coalesce(provider_used, provider_current, provider_order[1]) AS provider, count(*), "
                + "coalesce(sum(provider_submissions), 0), count(*) FILTER (WHERE status = 'succeeded'), "
                + "count(*) FILTER (WHERE status = 'canceled'), count(*) FILTER (WHERE status = 'failed'), "
                + "coalesce(sum(cost_micros) FILTER (WHERE status = 'succeeded'), 0), "
                + "coalesce(sum(cost_micros) FILTER (WHERE status IN ('failed', 'canceled')), 0) "
                + "FROM generations WHERE account_id = ? AND created_at > now() - make_interval(secs => ?) GROUP BY 1 ORDER BY 1",
                rs -> new ProviderCounts(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                        rs.getLong(7), rs.getLong(8)), accountId, seconds);
    }

    /** The account's generations created on one UTC date of the window: how many, their outcomes and the credits charged. */
    record DailyCounts(LocalDate date, long generations, long succeeded, long failed, long canceled, long spendMicros) {
    }

    /**
     * The account's generations created in the last {@code seconds}, per UTC date, one row for every date the window touches
     * (oldest first, zero where nothing was created; the first and the last date are partial).
     */
    List<DailyCounts> dailyCounts(UUID accountId, double seconds) {
        return sql.query("SELECT d::date, coalesce(g.generations, 0), coalesce(g.succeeded, 0), coalesce(g.failed, 0), "
                        + "coalesce(g.canceled, 0), coalesce(g.spend, 0) "
                        + "FROM generate_series(((now() - make_interval(secs => ?)) AT TIME ZONE 'UTC')::date, (now() AT TIME ZONE 'UTC')::date, "
                        + "interval '1 day') AS d LEFT JOIN (SELECT (created_at AT TIME ZONE 'UTC')::date AS day, count(*) AS generations, "
                        + "count(*) FILTER (WHERE status = 'succeeded') AS succeeded, count(*) FILTER (WHERE status = 'failed') AS failed, "
                        + "count(*) FILTER (WHERE status = 'canceled') AS canceled, sum(cost_micros) FILTER (WHERE status = 'succeeded') AS spend "
                        + "FROM generations WHERE account_id = ? AND created_at > now() - make_interval(secs => ?) GROUP BY 1) AS g "
                        + "ON g.day = d::date ORDER BY 1",
                rs -> new DailyCounts(rs.getObject(1, LocalDate.class), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6)), seconds, accountId, seconds);
    }
}
