package ai.babysea.api.catalog;

import ai.babysea.api.http.Envelopes;
import ai.babysea.contracts.catalog.ModelDefinition;
import ai.babysea.contracts.catalog.ModelSchema;
import ai.babysea.contracts.catalog.Pricing;
import ai.babysea.contracts.catalog.SpecificField;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Model of `GET /v1/library/models` (§4.2), prices in credits. `model_pricing` is one number, or a map of variant to
 * number. Additive to the contract (safe to ignore): `model_name`, `model_pricing_unit` and
 * `schema.generation_provider_order`.
 */
public record ModelView(String modelType, String modelIdentifier, String modelName, Object modelPricing, String modelPricingUnit,
        List<String> modelSupportedProvider, Schema schema, List<String> specificSchema) {

    /** The model's normalized request fields: what each accepts; the video fields only where the model has them. */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "ModelSchema")
    public record Schema(
            boolean generationPrompt,
            List<String> generationRatio,
            List<String> generationOutputFormat,
            int generationOutputNumber,
            boolean generationInputFile,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<Integer> generationDuration,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<String> generationResolution,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean generationGenerateAudio,
            List<String> generationProviderOrder) {
    }

    /** `model_pricing`: one number of credits, or a map of variant to credits. */
    static Object pricing(Pricing pricing) {
        if (pricing.variantsMicros() == null) {
            return Envelopes.credits(pricing.amountMicros());
        }
        Map<String, BigDecimal> variants = new LinkedHashMap<>();
        pricing.variantsMicros().forEach((variant, micros) -> variants.put(variant, Envelopes.credits(micros)));
        return variants;
    }

    /** The view of a catalog model. */
    static ModelView of(ModelDefinition model) {
        ModelSchema schema = model.schema();
        List<String> orders = new ArrayList<>();
        if (model.supportedProviders().size() > 1) {
            orders.add(ModelDefinition.FASTEST);
        }
        orders.addAll(model.providerOrders());
        Schema view = new Schema(true, schema.generationRatio(), schema.generationOutputFormat(), schema.generationOutputNumber(),
                schema.generationInputFile(), schema.generationDuration(), schema.generationResolution(), schema.generationGenerateAudio(),
                orders);
        return new ModelView(model.modelType(), model.modelIdentifier(), model.modelName(), pricing(model.pricing()), model.pricing().unit(),
                model.supportedProviders(), view, model.specificSchema() == null ? List.of()
                        : model.specificSchema().stream().map(SpecificField::name).toList());
    }
}
