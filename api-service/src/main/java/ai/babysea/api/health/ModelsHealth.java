package ai.babysea.api.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * `data` of `GET /v1/health/inference/models`: per model, whether each provider of its stack can take it now, passed
 * through from router-service; `error` only when the router could not be reached (then `healthy` is false and the list empty).
 */
public record ModelsHealth(String service, boolean healthy, List<Model> models, int modelsTotal,
        @JsonInclude(JsonInclude.Include.NON_NULL) String error) {

    /** One model: `model_pricing` as in the library (a number or a map of variant to number), availability by provider. */
    @Schema(name = "ModelHealth")
    public record Model(String modelIdentifier, String modelType, Object modelPricing, Map<String, Availability> providers) {
    }

    /** One provider of a model's stack: available now, and the provider's own id of the model. */
    @Schema(name = "ModelProviderAvailability")
    public record Availability(boolean available, @Schema(nullable = true) String rawModelId) {
    }

    /** The answer when router-service cannot be reached. */
    static ModelsHealth unreachable() {
        return new ModelsHealth("models", false, List.of(), 0, HealthResource.ROUTER_UNREACHABLE);
    }
}
