package ai.babysea.router.provider;

/** Completes an adapter future exceptionally with a classified failure. */
public class ProviderException extends RuntimeException {
    private final transient ProviderFailure failure;

    public ProviderException(ProviderFailure failure) {
        super(failure.code().code() + ": " + failure.message(), null, false, false);
        this.failure = failure;
    }

    /** The classification. */
    public ProviderFailure failure() {
        return failure;
    }
}
