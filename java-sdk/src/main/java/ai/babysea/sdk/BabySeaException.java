package ai.babysea.sdk;

/**
 * Base of every failure the SDK reports. Carries what the API said (BSE code, HTTP status, request id,
 * retryability) when there was an answer; network failures and timeouts have no code and status 0.
 */
public class BabySeaException extends RuntimeException {
    private final String code;
    private final int httpStatus;
    private final String requestId;
    private final boolean retryable;
    private final int attempts;

    /**
     * @param code the `BSE` code (or `HTTP_<status>` for an answer without the error envelope), null without an answer
     * @param httpStatus the HTTP status, 0 without an answer
     * @param requestId the API's request id, null when unknown
     * @param retryable whether repeating the same request may succeed
     * @param attempts how many HTTP attempts were made before giving up (0 when none applies)
     */
    public BabySeaException(String message, String code, int httpStatus, String requestId, boolean retryable, int attempts,
            Throwable cause) {
        super(message, cause);
        this.code = code;
        this.httpStatus = httpStatus;
        this.requestId = requestId;
        this.retryable = retryable;
        this.attempts = attempts;
    }

    /** The stable error code, e.g. `BSE1005`; `HTTP_<status>` for a non-envelope answer; null without an answer. */
    public String code() {
        return code;
    }

    /** The HTTP status of the answer; 0 when there was none (network failure, timeout). */
    public int httpStatus() {
        return httpStatus;
    }

    /** The API's `request_id` of the failed call, for support; null when unknown. */
    public String requestId() {
        return requestId;
    }

    /** Whether the same request may succeed when repeated later. */
    public boolean retryable() {
        return retryable;
    }

    /** How many HTTP attempts the SDK made (retries included); 0 where it does not apply. */
    public int attempts() {
        return attempts;
    }
}
