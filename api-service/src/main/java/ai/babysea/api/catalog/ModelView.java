package ai.babysea.api.catalog;

import ai.babysea.api.http.Envelopes;
import ai.babysea.contracts.catalog.ModelDefinition;
import ai.babysea.contracts.catalog.ModelSchema;
import ai.babysea.contracts.catalog.Pricing;
import ai.babysea.contracts.catalog.SpecificField;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Model of `GET /v1/library/models` (docs/api/generations.md, "Catalog"), prices in credits. `model_pricing` is one number, or a map of variant to
 * number. Additive to the contract (safe to ignore): `model_name`, `model_pricing_unit` and
 * `schema.generation_provider_order`, `schema_defaults` and `specific_schema_fields` (what a client needs to build the model's
 * form).
 */
public record ModelView(String modelType, String modelIdentifier, String modelName, Object modelPricing, String modelPricingUnit,
        List<String> modelSupportedProvider, Schema schema, List<String> specificSchema, Defaults schemaDefaults,
        List<SpecificFieldView> specificSchemaFields) {

    /** The value each omitted core field takes: what a client needs to prefill the model's form. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Defaults(String generationRatio, String generationOutputFormat, Integer generationOutputNumber,
            String generationResolution, Boolean generationGenerateAudio, String generationProviderOrder) {
    }

    /** A model-specific field: its name and type, and its enum, bounds (a length for strings) and default where declared. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SpecificFieldView(String name, String type, @JsonProperty("enum") List<String> enumValues, BigDecimal min,
            BigDecimal max, @JsonProperty("default") Object defaultValue) {
    }

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
                        : model.specificSchema().stream().map(SpecificField::name).toList(), defaults(model),
                model.specificSchema() == null ? List.of() : model.specificSchema().stream().map(ModelView::specificField).toList());
    }

    private static Defaults defaults(ModelDefinition model) {
        var d = model.defaults();
        return d == null ? new Defaults(null, null, null, null, null, model.defaultOrderString())
                : new Defaults(d.generationRatio(), d.generationOutputFormat(), d.generationOutputNumber(), d.generationResolution(),
                        d.generationGenerateAudio(), model.defaultOrderString());
    }

    private static SpecificFieldView specificField(SpecificField field) {
        return new SpecificFieldView(field.name(), field.type(), field.enumValues(), field.min(), field.max(), field.defaultValue());
    }
}
