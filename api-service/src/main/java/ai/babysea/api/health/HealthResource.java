package ai.babysea.api.health;

import ai.babysea.api.auth.CallContext;
import ai.babysea.api.auth.RequiresScope;
import ai.babysea.api.auth.Scope;
import ai.babysea.api.error.ApiException;
import ai.babysea.api.http.Envelopes;
import ai.babysea.api.http.SuccessEnvelope;
import ai.babysea.api.internal.RouterClient;
import ai.babysea.api.limits.RateLimits;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * `health:read` routes. Provider, model and storage health are the router's documents passed
 * through verbatim; when the router cannot be reached the answer is still 200 with `healthy: false`
 * and an `error`, because the question "is it healthy?" has an answer: no.
 */
@Tag(name = "Health")
@Path("/v1/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {
    /** `error` of a health answer when router-service cannot be reached. */
    static final String ROUTER_UNREACHABLE = "router-service is unreachable";

    private final RouterClient router;
    private final CallContext call;
    private final RateLimits limits;

    HealthResource(RouterClient router, CallContext call, RateLimits limits) {
        this.router = router;
        this.call = call;
        this.limits = limits;
    }

    @Operation(operationId = "getProviderHealth", summary = "Circuit-breaker state per provider",
            description = "router-service's document; when the router cannot be reached the answer is still 200, with `healthy: "
                    + "false` and `error`.")
    @Extension(name = "x-babysea-scope", value = "health:read")
    @APIResponse(responseCode = "200", description = "Provider health.", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = ProvidersHealth.class)), extensions = @Extension(name = "x-babysea-envelope", value = "success"))
    @GET
    @Path("/inference/providers")
    @RequiresScope(Scope.HEALTH_READ)
    public SuccessEnvelope<Object> providers() {
        return passThrough("providers", "Provider health retrieved", ProvidersHealth.unreachable());
    }

    @Operation(operationId = "getModelHealth", summary = "Which providers can take each model now",
            description = "router-service's document; when the router cannot be reached the answer is still 200, with `healthy: "
                    + "false` and `error`.")
    @Extension(name = "x-babysea-scope", value = "health:read")
    @APIResponse(responseCode = "200", description = "Model health.", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = ModelsHealth.class)), extensions = @Extension(name = "x-babysea-envelope", value = "success"))
    @GET
    @Path("/inference/models")
    @RequiresScope(Scope.HEALTH_READ)
    public SuccessEnvelope<Object> models() {
        return passThrough("models", "Model health retrieved", ModelsHealth.unreachable());
    }

    @Operation(operationId = "getStorageHealth", summary = "Latency of the output storage",
            description = "router-service's probe of its bucket; when the router cannot be reached the answer is still 200, with "
                    + "`healthy: false` and `error`.")
    @Extension(name = "x-babysea-scope", value = "health:read")
    @APIResponse(responseCode = "200", description = "Storage health.", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = StorageHealth.class)), extensions = @Extension(name = "x-babysea-envelope", value = "success"))
    @GET
    @Path("/storage")
    @RequiresScope(Scope.HEALTH_READ)
    public SuccessEnvelope<Object> storage() {
        return passThrough("storage", "Storage health retrieved", StorageHealth.unreachable());
    }

    @Operation(operationId = "getCacheHealth", summary = "Latency of the shared rate-limit store (Redis)")
    @Extension(name = "x-babysea-scope", value = "health:read")
    @GET
    @Path("/cache")
    @RequiresScope(Scope.HEALTH_READ)
    public SuccessEnvelope<CacheHealth> cache() {
        CacheHealth data;
        if (limits.redis() == null) {
            // the single-node local stack keeps its counters in process: nothing to reach, nothing slow
            data = new CacheHealth("redis", true, 0L, null, "in-process");
        } else {
            try {
                data = new CacheHealth("redis", true, limits.redis().pingMillis(), null, "redis");
            } catch (RuntimeException e) {
                data = new CacheHealth("redis", false, null, "Redis is unreachable", "redis");
            }
        }
        return Envelopes.success(call.requestId(), "Cache health retrieved", data);
    }

    /** The router's document verbatim, or {@code unreachable} when the router cannot be reached. */
    private SuccessEnvelope<Object> passThrough(String which, String message, Object unreachable) {
        Object data;
        try {
            data = router.health(which);
        } catch (ApiException e) {
            data = unreachable;
        }
        return Envelopes.success(call.requestId(), message, data);
    }
}
