package ai.babysea.api.http;

import ai.babysea.api.error.ApiException;
import ai.babysea.contracts.ErrorCode;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The contract's success (§3.1) and error (§3.2) envelopes, plus the wire formats of times and credits. */
public final class Envelopes {
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Envelopes() {
    }

    /** A fresh request id: `req_` + a random UUID. */
    public static String newRequestId() {
        return "req_" + UUID.randomUUID();
    }

    /** ISO-8601 UTC with milliseconds, or null. */
    public static String iso(Instant instant) {
        return instant == null ? null : ISO_MILLIS.format(instant);
    }

    /** Micro-credits as a credit number with 3 decimals (rounded half up). */
    public static BigDecimal credits(long micros) {
        return BigDecimal.valueOf(micros, 6).setScale(3, RoundingMode.HALF_UP);
    }

    /** Success envelope body. */
    public static Map<String, Object> success(String requestId, String message, Object data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "success");
        body.put("request_id", requestId);
        body.put("message", message);
        body.put("timestamp", iso(Instant.now()));
        body.put("data", data);
        return body;
    }

    /** Error envelope body; 5xx bodies carry only the code, the generic message and the request id. */
    public static Map<String, Object> error(String requestId, ErrorCode code, String message, Map<String, Object> details) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code.code());
        error.put("type", code.type());
        error.put("message", code.httpStatus() >= 500 || message == null ? code.defaultMessage() : message);
        error.put("retryable", code.retryable());
        if (details != null && !details.isEmpty()) {
            error.put("details", details);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("request_id", requestId);
        body.put("error", error);
        return body;
    }

    /** A complete error response for an exception. */
    public static Response errorResponse(String requestId, ApiException e) {
        Response.ResponseBuilder builder = Response.status(e.httpStatus()).type(MediaType.APPLICATION_JSON)
                .entity(error(requestId, e.code(), e.getMessage(), e.details()));
        e.headers().forEach(builder::header);
        return builder.build();
    }
}
