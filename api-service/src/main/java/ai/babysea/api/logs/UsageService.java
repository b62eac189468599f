package ai.babysea.api.logs;

import ai.babysea.api.http.Envelopes;
import ai.babysea.platform.jdbc.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Aggregates the request log and the generations read model into `/v1/usage` (§2.2) and serves `/v1/logs`. */
@ApplicationScoped
public class UsageService {
    private final Sql sql;
    private final RequestLog log;

    UsageService(Sql sql, RequestLog log) {
        this.sql = sql;
        this.log = log;
    }

    /** The §2.2 document for the last `days` days. */
    public Map<String, Object> usage(UUID accountId, int days, BigDecimal balance) {
        log.flush();
        double seconds = days * 86_400.0;
        Map<String, Map<String, Object>> endpoints = new LinkedHashMap<>();
        long[] totals = new long[4];
        sql.query("SELECT endpoint, status, error_code, count(*) FROM request_log WHERE account_id = ? AND created_at > now() - "
                + "make_interval(secs => ?) GROUP BY endpoint, status, error_code ORDER BY endpoint", rs -> {
            String endpoint = rs.getString(1);
            int status = rs.getInt(2);
            String code = rs.getString(3);
            long count = rs.getLong(4);
            Map<String, Object> row = endpoints.computeIfAbsent(endpoint, e -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("endpoint", e);
                m.put("total_requests", 0L);
                m.put("success_count", 0L);
                m.put("client_error_count", 0L);
                m.put("server_error_count", 0L);
                m.put("error_codes", new LinkedHashMap<String, Long>());
                return m;
            });
            row.merge("total_requests", count, (a, b) -> (Long) a + (Long) b);
            totals[0] += count;
            String bucket = status < 400 ? "success_count" : status < 500 ? "client_error_count" : "server_error_count";
            row.merge(bucket, count, (a, b) -> (Long) a + (Long) b);
            totals[status < 400 ? 1 : status < 500 ? 2 : 3] += count;
            if (code != null) {
                @SuppressWarnings("unchecked")
                Map<String, Long> codes = (Map<String, Long>) row.get("error_codes");
                codes.merge(code, count, Long::sum);
            }
            return null;
        }, accountId, seconds);

        List<Map<String, Object>> providers = new ArrayList<>();
        long[] generationTotals = new long[3];
        sql.query("SELECT coalesce(provider_used, provider_current, provider_order[1]) AS provider, count(*), "
                + "coalesce(sum(provider_submissions), 0), count(*) FILTER (WHERE status = 'succeeded'), "
                + "count(*) FILTER (WHERE status = 'canceled'), count(*) FILTER (WHERE status = 'failed'), "
                + "coalesce(sum(cost_micros) FILTER (WHERE status = 'succeeded'), 0), "
                + "coalesce(sum(cost_micros) FILTER (WHERE status IN ('failed', 'canceled')), 0) "
                + "FROM generations WHERE account_id = ? AND created_at > now() - make_interval(secs => ?) GROUP BY 1 ORDER BY 1", rs -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("provider", rs.getString(1));
            long submissions = Math.max(rs.getLong(3), rs.getLong(4) + rs.getLong(6));
            row.put("total_submissions", submissions);
            row.put("used_count", rs.getLong(4));
            row.put("cancelled_count", rs.getLong(5));
            row.put("discarded_count", 0L);
            row.put("failed_count", rs.getLong(6));
            row.put("total_estimated_cost", Envelopes.credits(rs.getLong(7)));
            row.put("wasted_estimated_cost", Envelopes.credits(rs.getLong(8)));
            providers.add(row);
            generationTotals[0] += rs.getLong(2);
            generationTotals[1] += submissions;
            generationTotals[2] += rs.getLong(7);
            return null;
        }, accountId, seconds);

        Map<String, Object> data = new LinkedHashMap<>();
        data.put("account_id", accountId.toString());
        data.put("usage_period_days", days);
        data.put("usage_credit_balance", balance);
        data.put("usage_total_requests", totals[0]);
        data.put("usage_total_success", totals[1]);
        data.put("usage_total_client_errors", totals[2]);
        data.put("usage_total_server_errors", totals[3]);
        data.put("usage_total_generations", generationTotals[0]);
        data.put("usage_total_provider_submissions", generationTotals[1]);
        data.put("usage_total_estimated_cost", Envelopes.credits(generationTotals[2]));
        data.put("usage_endpoints", new ArrayList<>(endpoints.values()));
        data.put("usage_providers", providers);
        return data;
    }

    /** A page of the request log, newest first, and the total. */
    public Map<String, Object> page(UUID accountId, int limit, int offset) {
        log.flush();
        List<Map<String, Object>> rows = sql.query("SELECT * FROM request_log WHERE account_id = ? ORDER BY created_at DESC, id DESC "
                + "LIMIT ? OFFSET ?", rs -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("request_id", rs.getString("request_id"));
            row.put("apikey_id", rs.getObject("key_id") == null ? null : rs.getObject("key_id").toString());
            row.put("apikey_name", rs.getString("key_name"));
            row.put("apikey_prefix", rs.getString("key_prefix"));
            row.put("method", rs.getString("method"));
            row.put("endpoint", rs.getString("endpoint"));
            row.put("query", rs.getString("query"));
            row.put("status", rs.getInt("status"));
            row.put("error_code", rs.getString("error_code"));
            row.put("replayed", rs.getBoolean("replayed"));
            String ipHash = rs.getString("ip_hash");
            row.put("ip_hash", ipHash == null ? null : ipHash.substring(0, 12));
            row.put("user_agent", rs.getString("user_agent"));
            row.put("duration_ms", rs.getDouble("duration_ms"));
            row.put("created_at", Envelopes.iso(Sql.instant(rs, "created_at")));
            return row;
        }, accountId, limit, offset);
        long total = sql.queryLong("SELECT count(*) FROM request_log WHERE account_id = ?", accountId).orElse(0L);
        return Map.of("logs", rows, "total", total);
    }
}
