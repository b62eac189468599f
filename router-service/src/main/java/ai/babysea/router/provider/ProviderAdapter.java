package ai.babysea.router.provider;

import java.util.concurrent.CompletableFuture;

/**
 * One inference provider behind a non-blocking interface: submit a normalized request, poll the
 * prediction it created, cancel it. Futures complete exceptionally with {@link ProviderException}
 * for classified failures; anything else is treated as a retryable provider error.
 */
public interface ProviderAdapter {
    /** The provider id as used in provider orders (`replicate`, `bfl`, ...). */
    String providerId();

    /** Whether this adapter has what it needs to call the provider (an API key); an unconfigured adapter is never used. */
    default boolean configured() {
        return true;
    }

    /** Whether this provider can cancel a running prediction (so `provider_cancel_sent` can be true). */
    boolean supportsCancel();

    /** Whether the adapter can express this request (ratio, format, output count); a provider that cannot is skipped. */
    default boolean supports(ProviderRequest request) {
        return true;
    }

    /** Creates the prediction; sync providers return the result with the submission. */
    CompletableFuture<Submission> submit(ProviderRequest request);

    /** Reads the state of an existing prediction (never resubmits); `handle` is what {@link Submission#handle()} returned. */
    CompletableFuture<PollResult> poll(ProviderRequest request, String predictionId, String handle);

    /** Best-effort cancel of a running prediction. */
    CompletableFuture<Void> cancel(ProviderRequest request, String predictionId, String handle);

    /**
     * Finds the prediction that a submit of this attempt ({@link ProviderRequest#attemptKey()}) may have created at or
     * after {@code submittedAtMs}, when the submit's answer was lost. Adapters of providers that can list or look up
     * predictions by something we sent override it; the default says the provider cannot be asked.
     */
    default CompletableFuture<Lookup> find(ProviderRequest request, long submittedAtMs) {
        return CompletableFuture.completedFuture(Lookup.unsupported(providerId() + " offers no way to look up a prediction"));
    }
}
