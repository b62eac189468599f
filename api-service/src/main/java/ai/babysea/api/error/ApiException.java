package ai.babysea.api.error;

import ai.babysea.contracts.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request failed with a contract error code; the web layer's exception mappers render it as the error envelope. Shaped
 * like the platform's service exception (code, message, field) so that it can become its api-specific subtype, which adds
 * what only the public edge needs: an HTTP status other than the code's own, richer details and response headers.
 */
public class ApiException extends RuntimeException {
    private final ErrorCode code;
    private final int httpStatus;
    private final ErrorDetails details;
    private final Map<String, String> headers;

    /** Fails with the code's own status; a null message means the code's default message. */
    public ApiException(ErrorCode code, String message) {
        this(code, code.httpStatus(), message, null, Map.of());
    }

    /** Fails naming the field at fault in `details.field`. */
    public ApiException(ErrorCode code, String message, String field) {
        this(code, code.httpStatus(), message, ErrorDetails.field(field), Map.of());
    }

    /** Fails with an explicit status, details (null for none) and extra response headers. */
    public ApiException(ErrorCode code, int httpStatus, String message, ErrorDetails details, Map<String, String> headers) {
        super(message == null ? code.defaultMessage() : message, null, false, false);
        this.code = code;
        this.httpStatus = httpStatus;
        this.details = details;
        this.headers = new LinkedHashMap<>(headers);
    }

    /** The machine code. */
    public ErrorCode code() {
        return code;
    }

    /** HTTP status to answer with (normally the code's own). */
    public int httpStatus() {
        return httpStatus;
    }

    /** `error.details`, or null when there are none. */
    public ErrorDetails details() {
        return details;
    }

    /** The request field at fault, or null. */
    public String field() {
        return details == null ? null : details.field();
    }

    /** Extra response headers (`Retry-After`, rate-limit headers). */
    public Map<String, String> headers() {
        return headers;
    }
}
