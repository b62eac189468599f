package ai.babysea.sdk.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One model of `GET /v1/library/models` (docs/api/generations.md, "Catalog"). `modelPricing` is a number of credits (per output or per second, see
 * `modelPricingUnit`) or a map of variant → number (e.g. `720p_audio`); `specificSchema` names the model-specific
 * `generation_*` fields a request may add.
 */
public record Model(String modelType, String modelIdentifier, String modelName, JsonNode modelPricing, String modelPricingUnit,
        List<String> modelSupportedProvider, Schema schema, List<String> specificSchema) {

    /** The normalized fields the model accepts. */
    public record Schema(Boolean generationPrompt, List<String> generationRatio, List<String> generationOutputFormat,
            Integer generationOutputNumber, Boolean generationInputFile, List<Double> generationDuration, List<String> generationResolution,
            Boolean generationGenerateAudio, List<String> generationProviderOrder) {
    }
}
