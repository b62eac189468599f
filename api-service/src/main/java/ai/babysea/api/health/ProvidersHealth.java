package ai.babysea.api.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * `data` of `GET /v1/health/inference/providers`: router-service's circuit-breaker state per provider, passed through;
 * `error` only when the router could not be reached (then `healthy` is false and the list empty).
 */
public record ProvidersHealth(String service, boolean healthy, List<Provider> providers, int providersTotal,
        @JsonInclude(JsonInclude.Include.NON_NULL) String error) {

    /** One provider: `healthy`, `recovering`, `degraded` or `unknown`, with the failure rate of the sliding window. */
    @Schema(name = "ProviderHealth")
    public record Provider(String provider, String status, double failureRate, Window window) {
    }

    /** The attempts the failure rate is computed over. */
    @Schema(name = "ProviderHealthWindow")
    public record Window(long totalAttempts, long failures, long successes, long durationSeconds) {
    }

    /** The answer when router-service cannot be reached. */
    static ProvidersHealth unreachable() {
        return new ProvidersHealth("providers", false, List.of(), 0, HealthResource.ROUTER_UNREACHABLE);
    }
}
