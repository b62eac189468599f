package ai.babysea.api.catalog;

import ai.babysea.api.http.Envelopes;
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
        return view;
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
