package ai.babysea.webhook.ssrf;

/** An endpoint URL or its resolved address that webhooks must not reach; the message is safe to show the customer. */
public final class ForbiddenDestinationException extends RuntimeException {
    /** Creates the exception with a customer-safe reason. */
    public ForbiddenDestinationException(String message) {
        super(message, null, false, false);
    }
}
