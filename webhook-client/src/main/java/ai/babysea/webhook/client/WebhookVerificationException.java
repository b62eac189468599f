package ai.babysea.webhook.client;

/** A webhook that must not be trusted; {@link #reason()} says why, the message never contains the secret. */
public final class WebhookVerificationException extends RuntimeException {
    /** Why verification failed. */
    public enum Reason {
        MISSING_SIGNATURE,
        MISSING_SECRET,
        MALFORMED_SIGNATURE,
        INVALID_TIMESTAMP,
        TIMESTAMP_OUT_OF_TOLERANCE,
        SIGNATURE_MISMATCH,
        MALFORMED_BODY
    }

    private final Reason reason;

    WebhookVerificationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** The failed rule. */
    public Reason reason() {
        return reason;
    }
}
