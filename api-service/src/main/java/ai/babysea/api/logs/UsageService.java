package ai.babysea.api.logs;

import ai.babysea.api.http.Envelopes;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Aggregates the request log and the generations read model into `/v1/usage` and serves `/v1/logs`. */
@ApplicationScoped
public class UsageService {
    private final RequestLogRepository requests;
    private final RequestLog log;

    UsageService(RequestLogRepository requests, RequestLog log) {
        this.requests = requests;
        this.log = log;
    }

    /** The `/v1/usage` document for the last `days` days. */
    public UsageView usage(UUID accountId, int days, BigDecimal balance) {
        log.flush();
        double seconds = days * 86_400.0;
        Map<String, EndpointTotals> endpoints = new LinkedHashMap<>();
        long[] totals = new long[4];
        for (RequestLogRepository.EndpointCount counted : requests.endpointCounts(accountId, seconds)) {
            int outcome = counted.status() < 400 ? 1 : counted.status() < 500 ? 2 : 3;
            endpoints.computeIfAbsent(counted.endpoint(), e -> new EndpointTotals()).add(outcome, counted.errorCode(), counted.count());
            totals[0] += counted.count();
            totals[outcome] += counted.count();
        }

        List<UsageView.Provider> providers = new ArrayList<>();
        long generations = 0;
        long providerSubmissions = 0;
        long succeededCostMicros = 0;
        for (RequestLogRepository.ProviderCounts counted : requests.providerCounts(accountId, seconds)) {
            long submissions = Math.max(counted.submissions(), counted.succeeded() + counted.failed());
            providers.add(new UsageView.Provider(counted.provider(), submissions, counted.succeeded(), counted.canceled(), 0L,
                    counted.failed(), Envelopes.credits(counted.succeededCostMicros()), Envelopes.credits(counted.wastedCostMicros())));
            generations += counted.generations();
            providerSubmissions += submissions;
            succeededCostMicros += counted.succeededCostMicros();
        }

        List<UsageView.Endpoint> perEndpoint = new ArrayList<>();
        endpoints.forEach((endpoint, t) -> perEndpoint.add(new UsageView.Endpoint(endpoint, t.counts[0], t.counts[1], t.counts[2],
                t.counts[3], t.errorCodes)));
        List<UsageView.Day> daily = requests.dailyCounts(accountId, seconds).stream().map(day -> new UsageView.Day(day.date().toString(),
                day.generations(), day.succeeded(), day.failed(), day.canceled(), Envelopes.credits(day.spendMicros()))).toList();
        return new UsageView(accountId.toString(), days, balance, totals[0], totals[1], totals[2], totals[3], generations,
                providerSubmissions, Envelopes.credits(succeededCostMicros), perEndpoint, providers, daily);
    }

    /** Counts of one route while they are summed up: total, success, client errors, server errors; and per error code. */
    private static final class EndpointTotals {
        final long[] counts = new long[4];
        final Map<String, Long> errorCodes = new LinkedHashMap<>();

        void add(int outcome, String errorCode, long count) {
            counts[0] += count;
            counts[outcome] += count;
            if (errorCode != null) {
                errorCodes.merge(errorCode, count, Long::sum);
            }
        }
    }

    /** One page of the request log and the account's total. */
    public record Page(List<RequestLogView> logs, long total) {
    }

    /** A page of the request log, newest first, and the total. */
    public Page page(UUID accountId, int limit, int offset) {
        log.flush();
        List<RequestLogView> rows = requests.page(accountId, limit, offset).stream().map(logged -> new RequestLogView(logged.requestId(),
                logged.keyId() == null ? null : logged.keyId().toString(), logged.keyName(), logged.keyPrefix(), logged.method(),
                logged.endpoint(), logged.query(), logged.status(), logged.errorCode(), logged.replayed(),
                logged.ipHash() == null ? null : logged.ipHash().substring(0, 12), logged.userAgent(), logged.durationMs(),
                Envelopes.iso(logged.createdAt()))).toList();
        return new Page(rows, requests.count(accountId));
    }
}
