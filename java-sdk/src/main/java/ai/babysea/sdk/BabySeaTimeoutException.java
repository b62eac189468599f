package ai.babysea.sdk;

import java.time.Duration;

/**
 * A request got no answer within the configured timeout. Never retried by the SDK: the API may still be working on
 * it (repeat a create with the same Idempotency-Key to learn its outcome).
 */
public final class BabySeaTimeoutException extends BabySeaException {
    private final Duration timeout;

    public BabySeaTimeoutException(Duration timeout, Throwable cause, int attempts) {
        super("Request timed out after " + timeout.toMillis() + "ms", null, 0, null, false, attempts, cause);
        this.timeout = timeout;
    }

    /** The request timeout that passed. */
    public Duration timeout() {
        return timeout;
    }
}
