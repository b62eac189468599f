package ai.babysea.router.provider;

import ai.babysea.contracts.ErrorCode;
import java.time.Duration;

/**
 * A classified provider failure.
 *
 * @param retryable whether the chain may fail over to the next provider (false: terminal for the generation)
 * @param retryAfter the provider's `Retry-After`, when it sent one (null otherwise)
 */
public record ProviderFailure(ErrorCode code, String message, boolean retryable, Duration retryAfter) {
    /** A retryable failure without a Retry-After hint. */
    public static ProviderFailure retryable(ErrorCode code, String message) {
        return new ProviderFailure(code, message, true, null);
    }

    /** A failure that ends the generation without failover. */
    public static ProviderFailure terminal(ErrorCode code, String message) {
        return new ProviderFailure(code, message, false, null);
    }
}
