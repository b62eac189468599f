package ai.babysea.platform.error;

import ai.babysea.contracts.ErrorCode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A command or request refused with a contract error code: the one exception type services throw for expected
 * failures, rendered as the contract's error envelope by the platform's mappers (or by a service's own family, which
 * may subclass this type to add what its envelope needs).
 *
 * <p>It carries the code, the message shown to the caller (the code's default message when none is given), the HTTP
 * status (normally the code's own; 405/406/415 answers keep their code but not its status), the envelope's
 * {@code error.details} (with {@code field} for the offending request field) and extra response headers
 * ({@code Retry-After}, rate-limit headers). It has no stack trace: it is control flow, not a fault.
 */
public class ServiceException extends RuntimeException {
    private final ErrorCode code;
    private final int httpStatus;
    private final Map<String, Object> details;
    private final Map<String, String> headers;

    /** A refusal with the code's own status and no details. */
    public ServiceException(ErrorCode code, String message) {
        this(code, code.httpStatus(), message, Map.of(), Map.of());
    }

    /** A refusal naming the request field at fault ({@code details.field}); {@code field} may be null. */
    public ServiceException(ErrorCode code, String message, String field) {
        this(code, code.httpStatus(), message, field == null ? Map.of() : Map.of("field", field), Map.of());
    }

    /** A refusal with every part of the envelope given; {@code details} and {@code headers} keep their order. */
    public ServiceException(ErrorCode code, int httpStatus, String message, Map<String, Object> details, Map<String, String> headers) {
        super(message == null ? code.defaultMessage() : message, null, false, false);
        this.code = code;
        this.httpStatus = httpStatus;
        this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** The machine code. */
    public ErrorCode code() {
        return code;
    }

    /** The HTTP status to answer with. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The request field at fault ({@code details.field}), or null. */
    public String field() {
        Object field = details.get("field");
        return field instanceof String name ? name : null;
    }

    /** {@code error.details}, possibly empty; read-only. */
    public Map<String, Object> details() {
        return details;
    }

    /** Extra response headers, possibly empty; read-only. */
    public Map<String, String> headers() {
        return headers;
    }
}
