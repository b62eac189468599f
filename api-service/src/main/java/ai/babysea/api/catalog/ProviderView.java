package ai.babysea.api.catalog;

import ai.babysea.contracts.catalog.ModelCatalog;
import ai.babysea.contracts.catalog.ModelDefinition;
import ai.babysea.contracts.catalog.ProviderProfile;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One ProviderProfile of `GET /v1/library/providers`. */
public record ProviderView(String providerId, String providerName, String providerDescription, String providerWebsite, String providerDocs,
        String providerStatus, Implementation babyseaImplementation) {

    /** How BabySea drives this provider, and how many of the catalog's models it serves. */
    @Schema(name = "ProviderImplementation")
    public record Implementation(String deliveryMethod, @Schema(nullable = true) String cancelMethod, @Schema(nullable = true) String webhookVerification, String errorMapping,
            String costTracking, String schemaConversion, String failoverStrategy, String healthMonitoring, List<String> supportedMediaTypes,
            int supportedModelsTotal) {
    }

    /** The view of a provider of the catalog. */
    static ProviderView of(ModelCatalog catalog, ProviderProfile profile) {
        List<ModelDefinition> models = catalog.models().stream().filter(m -> m.supportedProviders().contains(profile.providerId())).toList();
        Implementation implementation = new Implementation(profile.deliveryMethod(), profile.cancelMethod(), profile.webhookVerification(),
                "bse_error_codes", "per_generation_usd", "unified_to_native", "sequential_provider_chain", "circuit_breaker",
                models.stream().map(ModelDefinition::modelType).distinct().sorted().toList(), models.size());
        return new ProviderView(profile.providerId(), profile.providerName(), profile.providerDescription(), profile.providerWebsite(),
                profile.providerDocs(), "active", implementation);
    }
}
