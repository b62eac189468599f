package ai.babysea.sdk;

/** No answer arrived: the connection failed or broke. Retried for safe methods and for creates (they carry an Idempotency-Key). */
public final class BabySeaNetworkException extends BabySeaException {
    public BabySeaNetworkException(String message, Throwable cause, int attempts) {
        super(message, null, 0, null, true, attempts, cause);
    }
}
