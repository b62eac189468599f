package ai.babysea.webhook.endpoint;

import ai.babysea.contracts.ErrorCode;

/** A management request the service refuses, with the contract error code and the offending field if any. */
public final class WebhookException extends RuntimeException {
    private final ErrorCode code;
    private final String field;

    /** Creates the exception; the message is shown to the caller. */
    public WebhookException(ErrorCode code, String message, String field) {
        super(message, null, false, false);
        this.code = code;
        this.field = field;
    }

    /** The contract error code. */
    public ErrorCode code() {
        return code;
    }

    /** The request field at fault, or null. */
    public String field() {
        return field;
    }
}
