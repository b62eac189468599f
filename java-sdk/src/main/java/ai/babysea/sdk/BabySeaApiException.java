package ai.babysea.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The API answered with an error: the contract's error envelope (`code`, `type`, `message`, `retryable`,
 * `details`, `provider_errors`) plus the HTTP status, request id and rate-limit headers. An answer that is not the
 * envelope (a proxy's HTML 502) gets code `HTTP_<status>`, type `api_error`, retryable when the status is 5xx.
 */
public final class BabySeaApiException extends BabySeaException {
    private final String type;
    private final JsonNode details;
    private final List<ProviderError> providerErrors;
    private final RateLimit rateLimit;

    public BabySeaApiException(String message, String code, String type, int httpStatus, String requestId, boolean retryable,
            JsonNode details, List<ProviderError> providerErrors, RateLimit rateLimit, int attempts) {
        super(message, code, httpStatus, requestId, retryable, attempts, null);
        this.type = type;
        this.details = details;
        this.providerErrors = providerErrors == null ? List.of() : List.copyOf(providerErrors);
        this.rateLimit = rateLimit;
    }

    /** The snake_case error category, e.g. `rate_limit_exceeded`. */
    public String type() {
        return type;
    }

    /** The envelope's free-form `details` (e.g. `field`, `retry_after_seconds`), or null. */
    public JsonNode details() {
        return details;
    }

    /** The offending field named in `details.field`, or null. */
    public String field() {
        return details == null || !details.hasNonNull("field") ? null : details.get("field").asText();
    }

    /** One entry per failed provider attempt when a failover chain was exhausted; empty otherwise. */
    public List<ProviderError> providerErrors() {
        return providerErrors;
    }

    /** The rate-limit headers of the answer (never null; fields are null when absent). */
    public RateLimit rateLimit() {
        return rateLimit;
    }

    /** The same failure with the number of attempts made. */
    BabySeaApiException withAttempts(int attempts) {
        return new BabySeaApiException(getMessage(), code(), type, httpStatus(), requestId(), retryable(), details, providerErrors,
                rateLimit, attempts);
    }
}
