package ai.babysea.api.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * `data` of `GET /v1/health/storage`: router-service's probe of the output bucket, passed through; `error` when the
 * probe failed or the router could not be reached.
 */
public record StorageHealth(String service, boolean healthy, @Schema(nullable = true) Long latencyMs, @Schema(nullable = true) String bucket,
        @JsonInclude(JsonInclude.Include.NON_NULL) String error) {

    /** The answer when router-service cannot be reached. */
    static StorageHealth unreachable() {
        return new StorageHealth("storage", false, null, null, HealthResource.ROUTER_UNREACHABLE);
    }
}
