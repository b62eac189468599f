package ai.babysea.contracts.catalog;

/** How BabySea integrates one upstream provider, as published by `/v1/library/providers`. */
public record ProviderProfile(
        String providerId,
        String providerName,
        String providerDescription,
        String providerWebsite,
        String providerDocs,
        String deliveryMethod,
        String cancelMethod,
        String webhookVerification) {
}
