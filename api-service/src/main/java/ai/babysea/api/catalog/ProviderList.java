package ai.babysea.api.catalog;

import java.util.List;

/** `data` of `GET /v1/library/providers`: every provider of the catalog. */
public record ProviderList(List<ProviderView> providers, int providersTotal) {
}
