package ai.babysea.platform.web;

import ai.babysea.contracts.ErrorCode;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The contract's error envelope for internal REST callers too, so api-service can pass codes through. */
public final class InternalErrors {
    private InternalErrors() {
    }

    /** The error envelope with the code's HTTP status; `field` goes to `details.field` when given. */
    public static Response of(ErrorCode code, String message, String field) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code.code());
        error.put("type", code.type());
        error.put("message", message == null ? code.defaultMessage() : message);
        error.put("retryable", code.retryable());
        if (field != null) {
            error.put("details", Map.of("field", field));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("request_id", "req_" + UUID.randomUUID());
        body.put("error", error);
        return Response.status(code.httpStatus()).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
