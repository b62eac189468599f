package ai.babysea.sdk.model;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** `GET /v1/usage?days=`: request and generation totals over the period, per endpoint, per provider and per UTC date. */
public record Usage(String accountId, Integer usagePeriodDays, BigDecimal usageCreditBalance, Long usageTotalRequests,
        Long usageTotalSuccess, Long usageTotalClientErrors, Long usageTotalServerErrors, Long usageTotalGenerations,
        Long usageTotalProviderSubmissions, BigDecimal usageTotalEstimatedCost, List<Endpoint> usageEndpoints,
        List<Provider> usageProviders, List<Day> usageDaily) {

    /** One UTC date of the period (the first and last are partial): generations by outcome and the credits spent. */
    public record Day(String date, Long generations, Long succeeded, Long failed, Long canceled, BigDecimal spend) {
    }

    /** Requests to one route template. */
    public record Endpoint(String endpoint, Long totalRequests, Long successCount, Long clientErrorCount, Long serverErrorCount,
            Map<String, Long> errorCodes) {
    }

    /** Submissions to one provider (failover attempts included). */
    public record Provider(String provider, Long totalSubmissions, Long usedCount, Long cancelledCount, Long discardedCount,
            Long failedCount, BigDecimal totalEstimatedCost, BigDecimal wastedEstimatedCost) {
    }
}
