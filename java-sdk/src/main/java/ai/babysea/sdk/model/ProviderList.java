package ai.babysea.sdk.model;

import java.util.List;

/** `GET /v1/library/providers`. */
public record ProviderList(List<ProviderProfile> providers, Integer providersTotal) {
}
