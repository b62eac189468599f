package ai.babysea.sdk;

/** One failed provider attempt of an exhausted failover chain (`provider_errors[]` of the error envelope). */
public record ProviderError(String provider, String code, String type, String message, Boolean retryable) {
}
