package ai.babysea.api.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * `data` of `GET /v1/health/cache`: the Redis PING round trip, or `backend: in-process` where the limits are counted
 * in this process (nothing to reach); `error` only when Redis could not be reached.
 */
public record CacheHealth(String service, boolean healthy, @Schema(nullable = true) Long latencyMs, @JsonInclude(JsonInclude.Include.NON_NULL) String error,
        String backend) {
}
