package ai.babysea.api.http;

import ai.babysea.api.error.ApiException;
import ai.babysea.api.error.ErrorDetails;
import ai.babysea.contracts.ErrorCode;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** The success and error envelopes (docs/api/README.md, "Envelopes"), plus the wire formats of times and credits. */
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

    /** The success envelope of an answer. */
    public static <T> SuccessEnvelope<T> success(String requestId, String message, T data) {
        return new SuccessEnvelope<>("success", requestId, message, iso(Instant.now()), data);
    }

    /** The success envelope of one page of a paginated route. */
    public static <T> PageEnvelope<T> page(String requestId, String message, T data, long total, int limit, int offset) {
        return new PageEnvelope<>("success", requestId, message, iso(Instant.now()), data, total, limit, offset);
    }

    /** The error envelope; 5xx bodies carry only the code, the generic message and the request id. */
    public static ErrorEnvelope error(String requestId, ErrorCode code, String message, ErrorDetails details) {
        return new ErrorEnvelope("error", requestId, new ApiError(code.code(), code.type(),
                code.httpStatus() >= 500 || message == null ? code.defaultMessage() : message, code.retryable(), details));
    }

    /** A complete error response for an exception. */
    public static Response errorResponse(String requestId, ApiException e) {
        Response.ResponseBuilder builder = Response.status(e.httpStatus()).type(MediaType.APPLICATION_JSON)
                .entity(error(requestId, e.code(), e.getMessage(), e.details()));
        e.headers().forEach(builder::header);
        return builder.build();
    }
}
