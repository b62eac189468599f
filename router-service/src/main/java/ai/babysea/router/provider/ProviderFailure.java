package ai.babysea.router.provider;

import ai.babysea.contracts.ErrorCode;
import java.time.Duration;

/**
 * A classified provider failure.
 *
 * @param retryable whether the chain may fail over to the next provider (false: terminal for the generation)
 * @param retryAfter the provider's `Retry-After`, when it sent one (null otherwise)
 * @param ambiguous for a submit: the provider may have created the prediction although the call failed (a timeout or
 *     a 500/502/504 after the request was sent), so it must be looked up before another provider runs it
 */
public record ProviderFailure(ErrorCode code, String message, boolean retryable, Duration retryAfter, boolean ambiguous) {
    /** A failure whose outcome is known (the provider did not take the request). */
    public ProviderFailure(ErrorCode code, String message, boolean retryable, Duration retryAfter) {
        this(code, message, retryable, retryAfter, false);
    }

    /** A retryable failure without a Retry-After hint. */
    public static ProviderFailure retryable(ErrorCode code, String message) {
        return new ProviderFailure(code, message, true, null);
    }

    /** A failure that ends the generation without failover. */
    public static ProviderFailure terminal(ErrorCode code, String message) {
        return new ProviderFailure(code, message, false, null);
    }

    /** A call whose outcome is unknown: the provider may have acted on it. */
    public static ProviderFailure ambiguous(ErrorCode code, String message) {
        return new ProviderFailure(code, message, true, null, true);
    }

    /**
     * Whether the failure says something about the provider's health. Failures the request caused (content policy,
     * invalid input or parameters, its input files) would happen at any provider and are not held against this one.
     */
    public boolean providerFault() {
        return !code.code().startsWith("BSE2") && code != ErrorCode.PROVIDER_INVALID_INPUT;
    }
}
