package ai.babysea.contracts.events;

/** One provider attempt's failure, as reported in the error envelope's `provider_errors`. */
public record ProviderError(String provider, String code, String type, String message, boolean retryable) {
}
