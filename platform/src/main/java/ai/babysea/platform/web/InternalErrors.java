package ai.babysea.platform.web;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.platform.error.ServiceException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The contract's error envelope {@code {status:"error", request_id, error:{code,type,message,retryable,details?}}} for
 * internal REST callers too, so api-service can pass codes through. A 5xx answer carries the code's default message
 * and no details: nothing about the failure leaves the service but the request id it was logged under.
 */
public final class InternalErrors {
    private InternalErrors() {
    }

    /** A fresh request id ({@code req_} + a random UUID) for an answer that has none yet. */
    public static String newRequestId() {
        return "req_" + UUID.randomUUID();
    }

    /** The error envelope with the code's HTTP status; {@code field} goes to {@code details.field} when given. */
    public static Response of(ErrorCode code, String message, String field) {
        return of(newRequestId(), new ServiceException(code, message, field));
    }

    /** The error envelope of a refusal, with its status, details and headers, under the given request id. */
    public static Response of(String requestId, ServiceException e) {
        boolean serverError = e.httpStatus() >= 500;
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code().code());
        error.put("type", e.code().type());
        error.put("message", serverError ? e.code().defaultMessage() : e.getMessage());
        error.put("retryable", e.code().retryable());
        if (!serverError && !e.details().isEmpty()) {
            error.put("details", e.details());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("request_id", requestId);
        body.put("error", error);
        Response.ResponseBuilder response = Response.status(e.httpStatus()).type(MediaType.APPLICATION_JSON).entity(body);
        e.headers().forEach(response::header);
        return response.build();
    }
}
