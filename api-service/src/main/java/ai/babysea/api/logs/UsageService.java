package ai.babysea.api.logs;

import ai.babysea.api.http.Envelopes;
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
    private final RequestLogRepository requests;
    private final RequestLog log;

    UsageService(RequestLogRepository requests, RequestLog log) {
        this.requests = requests;
        this.log = log;
    }

    /** The §2.2 document for the last `days` days. */
    public Map<String, Object> usage(UUID accountId, int days, BigDecimal balance) {
        log.flush();
        double seconds = days * 86_400.0;
        Map<String, Map<String, Object>> endpoints = new LinkedHashMap<>();
        long[] totals = new long[4];
        for (RequestLogRepository.EndpointCount counted : requests.endpointCounts(accountId, seconds)) {
            String endpoint = counted.endpoint();
            int status = counted.status();
            String code = counted.errorCode();
            long count = counted.count();
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
        }

        List<Map<String, Object>> providers = new ArrayList<>();
        long[] generationTotals = new long[3];
        for (RequestLogRepository.ProviderCounts counted : requests.providerCounts(accountId, seconds)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("provider", counted.provider());
            long submissions = Math.max(counted.submissions(), counted.succeeded() + counted.failed());
            row.put("total_submissions", submissions);
            row.put("used_count", counted.succeeded());
            row.put("cancelled_count", counted.canceled());
            row.put("discarded_count", 0L);
            row.put("failed_count", counted.failed());
            row.put("total_estimated_cost", Envelopes.credits(counted.succeededCostMicros()));
            row.put("wasted_estimated_cost", Envelopes.credits(counted.wastedCostMicros()));
            providers.add(row);
            generationTotals[0] += counted.generations();
            generationTotals[1] += submissions;
            generationTotals[2] += counted.succeededCostMicros();
        }

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
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RequestLogRepository.LoggedRequest logged : requests.page(accountId, limit, offset)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("request_id", logged.requestId());
            row.put("apikey_id", logged.keyId() == null ? null : logged.keyId().toString());
            row.put("apikey_name", logged.keyName());
            row.put("apikey_prefix", logged.keyPrefix());
            row.put("method", logged.method());
            row.put("endpoint", logged.endpoint());
            row.put("query", logged.query());
            row.put("status", logged.status());
            row.put("error_code", logged.errorCode());
            row.put("replayed", logged.replayed());
            row.put("ip_hash", logged.ipHash() == null ? null : logged.ipHash().substring(0, 12));
            row.put("user_agent", logged.userAgent());
            row.put("duration_ms", logged.durationMs());
            row.put("created_at", Envelopes.iso(logged.createdAt()));
            rows.add(row);
        }
        return Map.of("logs", rows, "total", requests.count(accountId));
    }
}
