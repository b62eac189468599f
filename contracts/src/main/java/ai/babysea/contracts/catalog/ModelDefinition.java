package ai.babysea.contracts.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** One catalog entry: identity, schema, defaults, pricing, provider stacks and native ids. */
public record ModelDefinition(
        String modelIdentifier,
        String modelType,
        String modelName,
        ModelSchema schema,
        ModelDefaults defaults,
        Pricing pricing,
        List<String> providerOrders,
        Map<String, ProviderBinding> providers,
        List<SpecificField> specificSchema) {

    /** `model_type` of image models. */
    public static final String IMAGE = "image";
    /** `model_type` of video models. */
    public static final String VIDEO = "video";
    /** The adaptive provider order. */
    public static final String FASTEST = "fastest";

    /** Parses a provider order string (`"bfl, replicate"`) into provider ids. */
    public static List<String> parseOrder(String order) {
        List<String> ids = new ArrayList<>();
        for (String part : order.split(",")) {
            ids.add(part.trim());
        }
        return ids;
    }

    /** The default (first) provider stack. */
    public List<String> defaultOrder() {
        return parseOrder(providerOrders.get(0));
    }

    /** Every distinct provider of any stack, in first-seen order. */
    public List<String> supportedProviders() {
        List<String> ids = new ArrayList<>();
        for (String order : providerOrders) {
            for (String id : parseOrder(order)) {
                if (!ids.contains(id)) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    /** Whether this string is exactly one of the model's accepted orders (or `fastest`). */
    public boolean acceptsOrder(String order) {
        return FASTEST.equals(order) || providerOrders.contains(order);
    }

    /** The default order string a request gets when it omits `generation_provider_order`. */
    public String defaultOrderString() {
        return supportedProviders().size() > 1 ? FASTEST : providerOrders.get(0);
    }

    /** The provider's native model id, or null when that provider does not serve the model. */
    public String nativeModelId(String providerId) {
        ProviderBinding binding = providers.get(providerId);
        return binding == null ? null : binding.nativeModelId();
    }

    /** The model-specific field with this name, or null. */
    public SpecificField specificField(String name) {
        return specificSchema == null ? null
                : specificSchema.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }

    /** Rejects a catalog entry whose parts contradict each other (checked at load time). */
    void checkConsistency() {
        if (!IMAGE.equals(modelType) && !VIDEO.equals(modelType)) {
            throw new IllegalStateException(modelIdentifier + ": unknown model_type " + modelType);
        }
        if (providerOrders == null || providerOrders.isEmpty()) {
            throw new IllegalStateException(modelIdentifier + ": no provider order");
        }
        for (String provider : supportedProviders()) {
            if (nativeModelId(provider) == null) {
                throw new IllegalStateException(modelIdentifier + ": no native model id for " + provider);
            }
        }
        if (VIDEO.equals(modelType) && (schema.generationDuration() == null || schema.generationDuration().isEmpty())) {
            throw new IllegalStateException(modelIdentifier + ": video model without durations");
        }
        if (VIDEO.equals(modelType) != Pricing.PER_SECOND.equals(pricing.unit())) {
            throw new IllegalStateException(modelIdentifier + ": video models are priced per second, images per output");
        }
        if (!schema.generationRatio().contains(defaults.generationRatio())
                || !schema.generationOutputFormat().contains(defaults.generationOutputFormat())) {
            throw new IllegalStateException(modelIdentifier + ": default outside the schema");
        }
        if (pricing.variantsMicros() != null) {
            List<String> resolutions = schema.generationResolution() == null ? Arrays.asList((String) null)
                    : schema.generationResolution();
            for (String resolution : resolutions) {
                pricing.unitMicros(resolution, false);
                if (pricing.audioPriced()) {
                    pricing.unitMicros(resolution, true);
                }
            }
        } else if (pricing.amountMicros() == null || pricing.amountMicros() <= 0) {
            throw new IllegalStateException(modelIdentifier + ": no price");
        }
    }
}
