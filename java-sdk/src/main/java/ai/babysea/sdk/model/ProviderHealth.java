package ai.babysea.sdk.model;

import java.util.List;

/** `GET /v1/health/inference/providers`: circuit-breaker state per provider over a rolling window. */
public record ProviderHealth(String service, Boolean healthy, List<Entry> providers, Integer providersTotal, String error) {

    /** One provider; `status` is `healthy`, `recovering`, `degraded` or `unknown`. */
    public record Entry(String provider, String status, Double failureRate, Window window) {
    }

    /** The window the figures cover. */
    public record Window(Long totalAttempts, Long failures, Long successes, Long durationSeconds) {
    }
}
