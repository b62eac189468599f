package ai.babysea.api.catalog;

import ai.babysea.api.web.Envelopes;
import ai.babysea.contracts.catalog.ModelCatalog;
import ai.babysea.contracts.catalog.ModelDefinition;
import ai.babysea.contracts.catalog.ModelSchema;
import ai.babysea.contracts.catalog.Pricing;
import ai.babysea.contracts.catalog.ProviderProfile;
import ai.babysea.contracts.catalog.SpecificField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders the catalog as `/v1/library/*` publishes it (§2.13, §4.2); prices in credits. */
public final class CatalogViews {
    private CatalogViews() {
    }

    /** `model_pricing`: one number, or a map of variant → number. */
    public static Object pricing(Pricing pricing) {
        if (pricing.variantsMicros() == null) {
            return Envelopes.credits(pricing.amountMicros());
        }
        Map<String, Object> variants = new LinkedHashMap<>();
        pricing.variantsMicros().forEach((variant, micros) -> variants.put(variant, Envelopes.credits(micros)));
        return variants;
    }

    /** One Model entry. */
    public static Map<String, Object> model(ModelDefinition model) {
        ModelSchema schema = model.schema();
        Map<String, Object> schemaView = new LinkedHashMap<>();
        schemaView.put("generation_prompt", true);
        schemaView.put("generation_ratio", schema.generationRatio());
        schemaView.put("generation_output_format", schema.generationOutputFormat());
        schemaView.put("generation_output_number", schema.generationOutputNumber());
        schemaView.put("generation_input_file", schema.generationInputFile());
        if (schema.generationDuration() != null) {
            schemaView.put("generation_duration", schema.generationDuration());
        }
        if (schema.generationResolution() != null) {
            schemaView.put("generation_resolution", schema.generationResolution());
        }
        if (schema.generationGenerateAudio() != null) {
            schemaView.put("generation_generate_audio", schema.generationGenerateAudio());
        }
        List<String> orders = new ArrayList<>();
        if (model.supportedProviders().size() > 1) {
            orders.add(ModelDefinition.FASTEST);
        }
        orders.addAll(model.providerOrders());
        // additive: the accepted provider orders and the default (not in the SDK type, safe to ignore)
        schemaView.put("generation_provider_order", orders);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("model_type", model.modelType());
        view.put("model_identifier", model.modelIdentifier());
        view.put("model_name", model.modelName());
        view.put("model_pricing", pricing(model.pricing()));
        view.put("model_pricing_unit", model.pricing().unit());
        view.put("model_supported_provider", model.supportedProviders());
        view.put("schema", schemaView);
        view.put("specific_schema", model.specificSchema() == null ? List.of()
                : model.specificSchema().stream().map(SpecificField::name).toList());
        // additive (not in the SDK type, safe to ignore): what a client needs to build the model's form — the value each
        // omitted core field takes, and each model-specific field with its type, enum, bounds and default
        view.put("schema_defaults", defaults(model));
        view.put("specific_schema_fields", model.specificSchema() == null ? List.of()
                : model.specificSchema().stream().map(CatalogViews::specificField).toList());
        return view;
    }

    private static Map<String, Object> defaults(ModelDefinition model) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        if (model.defaults() != null) {
            putPresent(defaults, "generation_ratio", model.defaults().generationRatio());
            putPresent(defaults, "generation_output_format", model.defaults().generationOutputFormat());
            putPresent(defaults, "generation_output_number", model.defaults().generationOutputNumber());
            putPresent(defaults, "generation_resolution", model.defaults().generationResolution());
            putPresent(defaults, "generation_generate_audio", model.defaults().generationGenerateAudio());
        }
        defaults.put("generation_provider_order", model.defaultOrderString());
        return defaults;
    }

    /** `{name, type}` plus `enum`, `min`, `max` (a length for strings) and `default` where the catalog declares them. */
    private static Map<String, Object> specificField(SpecificField field) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", field.name());
        view.put("type", field.type());
        putPresent(view, "enum", field.enumValues());
        putPresent(view, "min", field.min());
        putPresent(view, "max", field.max());
        putPresent(view, "default", field.defaultValue());
        return view;
    }

    private static void putPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /** One ProviderProfile entry. */
    public static Map<String, Object> provider(ModelCatalog catalog, ProviderProfile profile) {
        List<ModelDefinition> models = catalog.models().stream().filter(m -> m.supportedProviders().contains(profile.providerId())).toList();
        Map<String, Object> implementation = new LinkedHashMap<>();
        implementation.put("delivery_method", profile.deliveryMethod());
        implementation.put("cancel_method", profile.cancelMethod());
        implementation.put("webhook_verification", profile.webhookVerification());
        implementation.put("error_mapping", "bse_error_codes");
        implementation.put("cost_tracking", "per_generation_usd");
        implementation.put("schema_conversion", "unified_to_native");
        implementation.put("failover_strategy", "sequential_provider_chain");
        implementation.put("health_monitoring", "circuit_breaker");
        implementation.put("supported_media_types", models.stream().map(ModelDefinition::modelType).distinct().sorted().toList());
        implementation.put("supported_models_total", models.size());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("provider_id", profile.providerId());
        view.put("provider_name", profile.providerName());
        view.put("provider_description", profile.providerDescription());
        view.put("provider_website", profile.providerWebsite());
        view.put("provider_docs", profile.providerDocs());
        view.put("provider_status", "active");
        view.put("babysea_implementation", implementation);
        return view;
    }
}
