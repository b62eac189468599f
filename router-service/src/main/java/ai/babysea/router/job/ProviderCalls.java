package ai.babysea.router.job;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.router.provider.ProviderException;
import ai.babysea.router.provider.ProviderFailure;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** How the engine calls a provider adapter and reads the failure a call ended with. */
final class ProviderCalls {
    private ProviderCalls() {
    }

    /** Calls an adapter so that a synchronous throw becomes a failed future. */
    static <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The failure an adapter call ended with. For a submit, a timeout or a connection lost after the request was sent
     * leaves its outcome unknown (ambiguous); a connection that could not be opened does not.
     */
    static ProviderFailure classify(Throwable error, boolean submit) {
        Throwable cause = unwrap(error);
        if (cause instanceof ProviderException provider) {
            ProviderFailure failure = provider.failure();
            return submit || !failure.ambiguous() ? failure
                    : new ProviderFailure(failure.code(), failure.message(), failure.retryable(), failure.retryAfter());
        }
        if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException) {
            return ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR, "provider unreachable: " + cause);
        }
        if (cause instanceof HttpTimeoutException || cause instanceof java.util.concurrent.TimeoutException) {
            return submit ? ProviderFailure.ambiguous(ErrorCode.PROVIDER_TIMEOUT, "provider did not answer in time")
                    : ProviderFailure.retryable(ErrorCode.PROVIDER_TIMEOUT, "provider did not answer in time");
        }
        if (cause instanceof java.io.IOException && submit) {
            return ProviderFailure.ambiguous(ErrorCode.PROVIDER_ERROR, "provider call failed after it was sent: " + cause);
        }
        return ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR, "provider call failed: " + cause);
    }

    static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

}
