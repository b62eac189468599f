package ai.babysea.sdk.model;

import java.util.List;

/** One provider of `GET /v1/library/providers`. */
public record ProviderProfile(String providerId, String providerName, String providerDescription, String providerWebsite,
        String providerDocs, String providerStatus, Implementation babyseaImplementation) {

    /** How BabySea integrates the provider (`delivery_method`, `cancel_method`, ...). */
    public record Implementation(String deliveryMethod, String cancelMethod, String webhookVerification, String errorMapping,
            String costTracking, String schemaConversion, String failoverStrategy, String healthMonitoring,
            List<String> supportedMediaTypes, Integer supportedModelsTotal) {
    }
}
