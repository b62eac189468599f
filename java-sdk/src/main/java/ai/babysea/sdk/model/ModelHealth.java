package ai.babysea.sdk.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** `GET /v1/health/inference/models`: per model, which providers are available and their native model ids. */
public record ModelHealth(String service, Boolean healthy, List<Entry> models, Integer modelsTotal, String error) {

    /** One model; `modelPricing` is a number or a map of variant → number, as in the library. */
    public record Entry(String modelIdentifier, String modelType, JsonNode modelPricing, Map<String, ProviderState> providers) {
    }

    /** One provider of a model. */
    public record ProviderState(Boolean available, String rawModelId) {
    }
}
