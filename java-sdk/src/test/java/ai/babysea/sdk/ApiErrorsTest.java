package ai.babysea.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Error answers become exceptions with the envelope's fields, or a synthesized HTTP_<status> without one. */
class ApiErrorsTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    private static HttpHeaders headers(Map<String, List<String>> values) {
        return HttpHeaders.of(values, (name, value) -> true);
    }

    @Test
    void theEnvelopeCarriesCodeTypeMessageRequestIdDetailsAndRateLimit() {
        String body = "{\"status\":\"error\",\"request_id\":\"req_1\",\"error\":{\"code\":\"BSE1005\",\"type\":\"rate_limit_exceeded\","
                + "\"message\":\"Rate limit exceeded.\",\"retryable\":true,\"details\":{\"retry_after_seconds\":17,\"limit\":60}}}";
        BabySeaApiException e = ApiErrors.from(429, headers(Map.of("Retry-After", List.of("17"), "X-RateLimit-Limit", List.of("60"),
                "X-RateLimit-Remaining", List.of("0"), "X-RateLimit-Reset", List.of("1796637600"))), body, NOW);
        assertEquals("BSE1005", e.code());
        assertEquals("rate_limit_exceeded", e.type());
        assertEquals("Rate limit exceeded.", e.getMessage());
        assertEquals(429, e.httpStatus());
        assertEquals("req_1", e.requestId());
        assertTrue(e.retryable());
        assertEquals(17, e.details().get("retry_after_seconds").asInt());
        assertEquals(new RateLimit(60L, 0L, 1796637600L, Duration.ofSeconds(17)), e.rateLimit());
    }

    @Test
    void validationErrorsNameTheFieldAndProviderErrorsAreListed() {
        BabySeaApiException invalid = ApiErrors.from(400, headers(Map.of()), "{\"status\":\"error\",\"request_id\":\"req_2\",\"error\":{"
                + "\"code\":\"BSE2001\",\"type\":\"invalid_input\",\"message\":\"bad ratio\",\"retryable\":false,\"details\":{\"field\":"
                + "\"generation_ratio\"}}}", NOW);
        assertEquals("generation_ratio", invalid.field());
        assertFalse(invalid.retryable());
        assertEquals(new RateLimit(null, null, null, null), invalid.rateLimit());

        BabySeaApiException chain = ApiErrors.from(502, headers(Map.of()), "{\"status\":\"error\",\"request_id\":\"req_3\",\"error\":{"
                + "\"code\":\"BSE4003\",\"type\":\"all_providers_failed\",\"message\":\"m\",\"retryable\":false,\"provider_errors\":["
                + "{\"provider\":\"replicate\",\"code\":\"BSE4001\",\"type\":\"provider_error\",\"message\":\"x\",\"retryable\":true}]}}", NOW);
        assertFalse(chain.retryable(), "the flag wins over the 5xx status");
        assertEquals(List.of(new ProviderError("replicate", "BSE4001", "provider_error", "x", true)), chain.providerErrors());
        assertNull(chain.field());
    }

    @Test
    void anEnvelopeWithoutTheFlagFallsBackToTheStatus() {
        String body = "{\"status\":\"error\",\"request_id\":\"req_4\",\"error\":{\"code\":\"BSE5001\",\"type\":\"internal_error\",\"message\":\"m\"}}";
        assertTrue(ApiErrors.from(500, headers(Map.of()), body, NOW).retryable());
        assertFalse(ApiErrors.from(404, headers(Map.of()), body, NOW).retryable());
    }

    @Test
    void anAnswerWithoutTheEnvelopeGetsAnHttpCode() {
        BabySeaApiException proxy = ApiErrors.from(502, headers(Map.of()), "<html>Bad Gateway</html>", NOW);
        assertEquals("HTTP_502", proxy.code());
        assertEquals("api_error", proxy.type());
        assertTrue(proxy.retryable());
        assertNull(proxy.requestId());

        BabySeaApiException firewall = ApiErrors.from(403, headers(Map.of()), "", NOW);
        assertEquals("HTTP_403", firewall.code());
        assertFalse(firewall.retryable());
        assertEquals("HTTP_429", ApiErrors.from(429, headers(Map.of()), "{\"message\":\"slow down\"}", NOW).code());
        assertTrue(ApiErrors.from(429, headers(Map.of()), "{\"message\":\"slow down\"}", NOW).retryable());
    }
}
