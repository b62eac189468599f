package ai.babysea.platform.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.platform.error.ServiceException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Plain JUnit: the error envelope a {@link ServiceException} becomes, and what a 5xx body never carries. */
class InternalErrorsTest {
    @Test
    void aRefusalCarriesItsCodeMessageFieldAndHeaders() {
        ServiceException e = new ServiceException(ErrorCode.RATE_LIMIT_EXCEEDED, 429, "slow down", Map.of("field", "limit"),
                Map.of("Retry-After", "7"));
        Response response = InternalErrors.of("req_1", e);

        assertEquals(429, response.getStatus());
        assertEquals("7", response.getHeaderString("Retry-After"));
        Map<String, Object> body = body(response);
        assertEquals(List.of("status", "request_id", "error"), List.copyOf(body.keySet()), "the contract's field order");
        assertEquals("error", body.get("status"));
        assertEquals("req_1", body.get("request_id"));
        Map<String, Object> error = error(body);
        assertEquals("BSE1005", error.get("code"));
        assertEquals("rate_limit_exceeded", error.get("type"));
        assertEquals("slow down", error.get("message"));
        assertEquals(true, error.get("retryable"));
        assertEquals(Map.of("field", "limit"), error.get("details"));
        assertEquals("limit", e.field());
    }

    @Test
    void aServerErrorCarriesNothingButTheCodeAndTheRequestId() {
        ServiceException e = new ServiceException(ErrorCode.INTERNAL_ERROR, "connection to 10.0.0.7 refused", "password");
        Map<String, Object> error = error(body(InternalErrors.of("req_2", e)));

        assertEquals(ErrorCode.INTERNAL_ERROR.defaultMessage(), error.get("message"));
        assertFalse(error.containsKey("details"));
    }

    @Test
    void withoutAMessageTheCodesOwnIsShownAndWithoutAFieldThereAreNoDetails() {
        ServiceException e = new ServiceException(ErrorCode.RESOURCE_NOT_FOUND, null);
        Response response = InternalErrors.of(ErrorCode.RESOURCE_NOT_FOUND, null, null);

        assertEquals(ErrorCode.RESOURCE_NOT_FOUND.defaultMessage(), e.getMessage());
        assertNull(e.field());
        assertEquals(404, response.getStatus());
        Map<String, Object> body = body(response);
        assertTrue(((String) body.get("request_id")).startsWith("req_"));
        assertEquals(ErrorCode.RESOURCE_NOT_FOUND.defaultMessage(), error(body).get("message"));
        assertFalse(error(body).containsKey("details"));
    }

    @Test
    void detailsAndHeadersAreCopiedAndReadOnly() {
        Map<String, Object> details = new LinkedHashMap<>(Map.of("field", "url"));
        ServiceException e = new ServiceException(ErrorCode.INVALID_INPUT, 400, "bad", details, Map.of());
        details.put("field", "events");

        assertEquals("url", e.field(), "a later change of the caller's map does not reach the exception");
        assertThrows(UnsupportedOperationException.class, () -> e.details().put("extra", 1));
        assertThrows(UnsupportedOperationException.class, () -> e.headers().put("X-Extra", "1"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(Response response) {
        return (Map<String, Object>) response.getEntity();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> error(Map<String, Object> body) {
        return (Map<String, Object>) body.get("error");
    }
}
