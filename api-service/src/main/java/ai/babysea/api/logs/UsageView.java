package ai.babysea.api.logs;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * `data` of `GET /v1/usage`: the account's requests (from the request log) and generations (from the read model) of
 * the last `usage_period_days` days. Costs are credits; `usage_credit_balance` is null when the ledger's balance is unknown.
 * `usage_daily` splits the window's generations by UTC date.
 */
public record UsageView(
        String accountId,
        int usagePeriodDays,
        @Schema(nullable = true) BigDecimal usageCreditBalance,
        long usageTotalRequests,
        long usageTotalSuccess,
        long usageTotalClientErrors,
        long usageTotalServerErrors,
        long usageTotalGenerations,
        long usageTotalProviderSubmissions,
        BigDecimal usageTotalEstimatedCost,
        List<Endpoint> usageEndpoints,
        List<Provider> usageProviders,
        List<Day> usageDaily) {

    /** Requests of one route template, by outcome; `error_codes` counts each BSE code answered. */
    @Schema(name = "UsageEndpoint")
    public record Endpoint(String endpoint, long totalRequests, long successCount, long clientErrorCount, long serverErrorCount,
            Map<String, Long> errorCodes) {
    }

    /**
     * Generations per provider: submissions include failover attempts; `used_count` succeeded; the costs are the credit costs
     * of succeeded (`total`) and failed or canceled (`wasted`) generations; `discarded_count` is always 0.
     */
    @Schema(name = "UsageProvider")
    public record Provider(String provider, long totalSubmissions, long usedCount, long cancelledCount, long discardedCount,
            long failedCount, BigDecimal totalEstimatedCost, BigDecimal wastedEstimatedCost) {
    }

    /**
     * The generations created on one UTC date (`YYYY-MM-DD`) of the window, oldest date first, every date of the window
     * present (zeros on a quiet day; the first and the last date are partial): how many, how many succeeded, failed and
     * were canceled so far, and `spend`, the credits charged for the succeeded ones.
     */
    @Schema(name = "UsageDay")
    public record Day(@Schema(format = "date", example = "2026-03-01") String date, long generations, long succeeded, long failed,
            long canceled, BigDecimal spend) {
    }
}
