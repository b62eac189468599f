package ai.babysea.router.provider;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Helpers for adapter tests. */
final class AdapterStub {
    private AdapterStub() {
    }

    /** The classified failure a future completed with. */
    static ProviderFailure failureOf(CompletableFuture<?> future) {
        CompletionException error = assertThrows(CompletionException.class, future::join);
        return assertInstanceOf(ProviderException.class, error.getCause()).failure();
    }
}
