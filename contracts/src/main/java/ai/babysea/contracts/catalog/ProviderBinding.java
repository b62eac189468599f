package ai.babysea.contracts.catalog;

/** How one provider names a model natively. */
public record ProviderBinding(String nativeModelId) {
}
