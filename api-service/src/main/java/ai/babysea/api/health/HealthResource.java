package ai.babysea.api.health;

import ai.babysea.api.auth.CallContext;
import ai.babysea.api.auth.RequiresScope;
import ai.babysea.api.auth.Scope;
import ai.babysea.api.error.ApiException;
import ai.babysea.api.http.Envelopes;
import ai.babysea.api.internal.RouterClient;
import ai.babysea.api.limits.RateLimits;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `health:read` routes (§2.12). Provider, model and storage health are the router's documents passed
 * through verbatim; when the router cannot be reached the answer is still 200 with `healthy: false`
 * and an `error`, because the question "is it healthy?" has an answer: no.
 */
@Path("/v1/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {
    private final RouterClient router;
    private final CallContext call;
    private final RateLimits limits;

    HealthResource(RouterClient router, CallContext call, RateLimits limits) {
        this.router = router;
        this.call = call;
        this.limits = limits;
    }

    @GET
    @Path("/inference/providers")
    @RequiresScope(Scope.HEALTH_READ)
    public Map<String, Object> providers() {
        return passThrough("providers", "Provider health retrieved", Map.of("providers", List.of(), "providers_total", 0));
    }

    @GET
    @Path("/inference/models")
    @RequiresScope(Scope.HEALTH_READ)
    public Map<String, Object> models() {
        return passThrough("models", "Model health retrieved", Map.of("models", List.of(), "models_total", 0));
    }

    @GET
    @Path("/storage")
    @RequiresScope(Scope.HEALTH_READ)
    public Map<String, Object> storage() {
        Map<String, Object> fallback = new LinkedHashMap<>();
        fallback.put("latency_ms", null);
        fallback.put("bucket", null);
        return passThrough("storage", "Storage health retrieved", fallback);
    }

    @GET
    @Path("/cache")
    @RequiresScope(Scope.HEALTH_READ)
    public Map<String, Object> cache() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("service", "redis");
        if (limits.redis() == null) {
            // the single-node local stack keeps its counters in process: nothing to reach, nothing slow
            data.put("healthy", true);
            data.put("latency_ms", 0);
            data.put("backend", "in-process");
        } else {
            try {
                data.put("latency_ms", limits.redis().pingMillis());
                data.put("healthy", true);
            } catch (RuntimeException e) {
                data.put("healthy", false);
                data.put("latency_ms", null);
                data.put("error", "Redis is unreachable");
            }
            data.put("backend", "redis");
        }
        return Envelopes.success(call.requestId(), "Cache health retrieved", data);
    }

    private Map<String, Object> passThrough(String which, String message, Map<String, Object> emptyShape) {
        Object data;
        try {
            JsonNode document = router.health(which);
            data = document;
        } catch (ApiException e) {
            Map<String, Object> unavailable = new LinkedHashMap<>();
            unavailable.put("service", which);
            unavailable.put("healthy", false);
            unavailable.putAll(emptyShape);
            unavailable.put("error", "router-service is unreachable");
            data = unavailable;
        }
        return Envelopes.success(call.requestId(), message, data);
    }
}
