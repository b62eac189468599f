package ai.babysea.api.error;

import ai.babysea.contracts.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;

/** A request failed with a contract error code; the web layer's exception mappers render it as the error envelope. */
public class ApiException extends RuntimeException {
    private final ErrorCode code;
    private final int httpStatus;
    private final Map<String, Object> details;
    private final Map<String, String> headers;

    public ApiException(ErrorCode code, String message) {
        this(code, code.httpStatus(), message, Map.of(), Map.of());
    }

    public ApiException(ErrorCode code, String message, String field) {
        this(code, code.httpStatus(), message, field == null ? Map.of() : Map.of("field", field), Map.of());
    }

    public ApiException(ErrorCode code, int httpStatus, String message, Map<String, Object> details, Map<String, String> headers) {
        super(message == null ? code.defaultMessage() : message, null, false, false);
        this.code = code;
        this.httpStatus = httpStatus;
        this.details = new LinkedHashMap<>(details);
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

    /** `error.details`, possibly empty. */
    public Map<String, Object> details() {
        return details;
    }

    /** Extra response headers (`Retry-After`, rate-limit headers). */
    public Map<String, String> headers() {
        return headers;
    }
}
