package ai.babysea.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.sdk.model.CancelResult;
import ai.babysea.sdk.model.Generation;
import ai.babysea.sdk.model.GenerationCreated;
import ai.babysea.sdk.model.GenerationRequest;
import ai.babysea.sdk.model.GenerationStatus;
import ai.babysea.webhook.client.BabySeaWebhooks;
import ai.babysea.webhook.client.WebhookEvent;
import ai.babysea.webhook.client.WebhookVerificationException;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a WireMock stub of the API: retries (Retry-After, backoff, limits, network failures, timeouts),
 * Idempotency-Key reuse, identity headers, waitFor and webhook verification. The sleeper records the waits instead of
 * sleeping, and advances the clock that deadlines are measured with.
 */
class BabySeaClientTest {
    private static final String KEY = "bye_test-key_us";
    private static WireMockServer api;
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T10:00:00Z"));

    /** A clock the recording sleeper moves forward. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @BeforeAll
    static void start() {
        api = new WireMockServer(options().dynamicPort());
        api.start();
    }

    @AfterAll
    static void stop() {
        api.stop();
    }

    @BeforeEach
    void reset() {
        api.resetAll();
        waits.clear();
    }

    private BabySea.Builder builder() {
        return BabySea.builder().apiKey(KEY).baseUrl(api.baseUrl()).timeout(Duration.ofSeconds(2)).random(() -> 0.5).clock(clock)
                .sleeper(duration -> {
                    waits.add(duration);
                    clock.advance(duration);
                });
    }

    private static String created(String id) {
        return "{\"status\":\"success\",\"request_id\":\"req_ok\",\"message\":\"Generation initialized\",\"timestamp\":\"2026-12-07T10:00:00.000Z\","
                + "\"data\":{\"model_identifier\":\"bfl/flux-schnell\",\"generation_provider_order\":[\"bfl\",\"replicate\"],"
                + "\"generation_prediction_id\":null,\"generation_id\":\"" + id + "\",\"generation_initialized\":true}}";
    }

    private static String error(String code, String type, boolean retryable) {
        return "{\"status\":\"error\",\"request_id\":\"req_err\",\"error\":{\"code\":\"" + code + "\",\"type\":\"" + type
                + "\",\"message\":\"" + type + "\",\"retryable\":" + retryable + "}}";
    }

    private static String record(String id, String status, String extra) {
        return "{\"status\":\"success\",\"request_id\":\"req_g\",\"message\":\"Generation retrieved\",\"timestamp\":\"t\",\"data\":{"
                + "\"generation_id\":\"" + id + "\",\"generation_status\":\"" + status + "\"" + extra + "}}";
    }

    private static List<String> idempotencyKeys() {
        return api.findAll(postRequestedFor(urlEqualTo("/v1/generate/image/bfl/flux-schnell"))).stream()
                .map(r -> r.getHeader("Idempotency-Key")).toList();
    }

    @Test
    void a503WithRetryAfterIsRetriedAfterThatWaitWithTheSameIdempotencyKey() {
        api.stubFor(post(urlEqualTo("/v1/generate/image/bfl/flux-schnell")).inScenario("s").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("up").willReturn(aResponse().withStatus(503).withHeader("Retry-After", "3")
                        .withBody(error("BSE5002", "service_unavailable", true))));
        api.stubFor(post(urlEqualTo("/v1/generate/image/bfl/flux-schnell")).inScenario("s").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200).withBody(created("g-1"))));

        GenerationCreated created = builder().build().generate("bfl/flux-schnell", GenerationRequest.builder("a seal").ratio("16:9").build());

        assertEquals("g-1", created.generationId());
        assertEquals(List.of(Duration.ofSeconds(3)), waits);
        List<String> keys = idempotencyKeys();
        assertEquals(2, keys.size());
        assertTrue(keys.get(0).matches("^[A-Za-z0-9_.:-]{1,255}$"), keys.get(0));
        assertEquals(keys.get(0), keys.get(1));
        assertEquals(keys.get(0), created.idempotencyKey());
        api.verify(2, postRequestedFor(urlEqualTo("/v1/generate/image/bfl/flux-schnell"))
                .withRequestBody(equalToJson("{\"generation_prompt\":\"a seal\",\"generation_ratio\":\"16:9\"}")));
    }

    @Test
    void eachCreateGetsItsOwnKeyAndAGivenKeyIsSentAsIs() {
        api.stubFor(post(urlEqualTo("/v1/generate/image/bfl/flux-schnell")).willReturn(aResponse().withBody(created("g-2"))
                .withHeader("Idempotency-Replayed", "true")));
        BabySea client = builder().build();
        client.generate("bfl/flux-schnell", GenerationRequest.of("one"));
        client.generate("bfl/flux-schnell", GenerationRequest.of("two"));
        GenerationCreated mine = client.generate("bfl/flux-schnell", GenerationRequest.of("three"), RequestOptions.idempotencyKey("order-42:v1"));
        List<String> keys = idempotencyKeys();
        assertEquals(3, keys.size());
        assertFalse(keys.get(0).equals(keys.get(1)));
        assertEquals("order-42:v1", keys.get(2));
        assertTrue(mine.idempotencyReplayed());
        assertThrows(IllegalArgumentException.class, () -> RequestOptions.idempotencyKey("has space"));
    }

    @Test
    void withoutRetryAfterTheWaitsFollowTheJitteredBackoffAndTheLastErrorIsThrown() {
        api.stubFor(get(urlEqualTo("/v1/status")).willReturn(aResponse().withStatus(500).withBody(error("BSE5001", "internal_error", true))));
        BabySeaApiException e = assertThrows(BabySeaApiException.class, () -> builder().build().status());
        assertEquals("BSE5001", e.code());
        assertEquals(500, e.httpStatus());
        assertEquals("req_err", e.requestId());
        assertTrue(e.retryable());
        assertEquals(3, e.attempts());
        // random 0.5 of min(1 s * 2^(n-1), 30 s)
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofMillis(1000)), waits);
        api.verify(3, getRequestedFor(urlEqualTo("/v1/status")));
    }

    @Test
    void maxRetriesBoundsTheAttempts() {
        api.stubFor(get(urlEqualTo("/v1/status")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                .withBody(error("BSE1005", "rate_limit_exceeded", true))));
        BabySeaApiException e = assertThrows(BabySeaApiException.class, () -> builder().maxRetries(4).build().status());
        assertEquals(5, e.attempts());
        assertEquals(Duration.ofSeconds(1), e.rateLimit().retryAfter());
        assertEquals(4, waits.size());
        assertThrows(BabySeaApiException.class, () -> builder().maxRetries(0).build().status());
        api.verify(6, getRequestedFor(urlEqualTo("/v1/status")));
    }

    @Test
    void nonRetryableErrorsAndOverlongRetryAfterAreThrownAtOnce() {
        api.stubFor(post(urlEqualTo("/v1/generate/image/bfl/flux-schnell")).willReturn(aResponse().withStatus(400)
                .withBody("{\"status\":\"error\",\"request_id\":\"req_v\",\"error\":{\"code\":\"BSE2001\",\"type\":\"invalid_input\","
                        + "\"message\":\"generation_ratio must be one of [1:1]\",\"retryable\":false,\"details\":{\"field\":\"generation_ratio\"}}}")));
        BabySeaApiException invalid = assertThrows(BabySeaApiException.class,
                () -> builder().build().generate("bfl/flux-schnell", GenerationRequest.of("x")));
        assertEquals("BSE2001", invalid.code());
        assertEquals("generation_ratio", invalid.field());
        assertEquals(1, invalid.attempts());

        api.stubFor(get(urlEqualTo("/v1/status")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")
                .withBody(error("BSE1005", "rate_limit_exceeded", true))));
        BabySeaApiException limited = assertThrows(BabySeaApiException.class, () -> builder().build().status());
        assertEquals(1, limited.attempts());
        assertTrue(limited.retryable());
        assertEquals(List.of(), waits);
    }

    @Test
    void anIdempotencyKeyStillInProgressIsRetried() {
        api.stubFor(post(urlEqualTo("/v1/generate/image/bfl/flux-schnell")).inScenario("k").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("done").willReturn(aResponse().withStatus(409).withHeader("Retry-After", "1")
                        .withBody(error("BSE2016", "idempotency_key_in_progress", true))));
        api.stubFor(post(urlEqualTo("/v1/generate/image/bfl/flux-schnell")).inScenario("k").whenScenarioStateIs("done")
                .willReturn(aResponse().withBody(created("g-3")).withHeader("Idempotency-Replayed", "true")));
        GenerationCreated created = builder().build().generate("bfl/flux-schnell", GenerationRequest.of("x"));
        assertTrue(created.idempotencyReplayed());
        assertEquals(1, idempotencyKeys().stream().distinct().count());
    }

    @Test
    void networkFailuresAreRetriedForReadsAndCreatesButNotForOtherWrites() {
        api.stubFor(get(urlEqualTo("/v1/status")).inScenario("n").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("up")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        api.stubFor(get(urlEqualTo("/v1/status")).inScenario("n").whenScenarioStateIs("up").willReturn(aResponse().withBody(
                "{\"status\":\"success\",\"request_id\":\"r\",\"message\":\"API connected successfully\",\"timestamp\":\"t\","
                        + "\"data\":{\"account_id\":\"acc\",\"apikey_id\":\"k\"}}")));
        assertEquals("acc", builder().build().status().accountId());

        api.stubFor(post(urlEqualTo("/v1/generate/image/bfl/flux-schnell")).inScenario("c").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("up").willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        api.stubFor(post(urlEqualTo("/v1/generate/image/bfl/flux-schnell")).inScenario("c").whenScenarioStateIs("up")
                .willReturn(aResponse().withBody(created("g-4"))));
        assertEquals("g-4", builder().build().generate("bfl/flux-schnell", GenerationRequest.of("x")).generationId());
        assertEquals(1, idempotencyKeys().stream().distinct().count());
        assertEquals(2, idempotencyKeys().size());

        api.stubFor(post(urlEqualTo("/v1/content/generation/cancel/g-4")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        BabySeaNetworkException cancel = assertThrows(BabySeaNetworkException.class, () -> builder().build().cancelGeneration("g-4"));
        assertEquals(1, cancel.attempts());
        assertTrue(cancel.retryable());
        assertEquals(0, cancel.httpStatus());
        api.verify(1, postRequestedFor(urlEqualTo("/v1/content/generation/cancel/g-4")));
    }

    @Test
    void aTimeoutIsNeverRetried() {
        // a repeated request would be answered at once: only a call that did not retry can end with the timeout
        api.stubFor(get(urlEqualTo("/v1/status")).inScenario("t").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("fast")
                .willReturn(aResponse().withFixedDelay(3_000).withBody("{}")));
        api.stubFor(get(urlEqualTo("/v1/status")).inScenario("t").whenScenarioStateIs("fast").willReturn(aResponse().withBody(
                "{\"status\":\"success\",\"data\":{\"account_id\":\"acc\"}}")));
        BabySeaTimeoutException e = assertThrows(BabySeaTimeoutException.class,
                () -> builder().timeout(Duration.ofMillis(300)).build().status());
        assertEquals(Duration.ofMillis(300), e.timeout());
        assertEquals("Request timed out after 300ms", e.getMessage());
        assertEquals(1, e.attempts());
        assertFalse(e.retryable());
        assertEquals(List.of(), waits);
    }

    @Test
    void everyRequestCarriesTheKeyAndTheSdkIdentity() {
        api.stubFor(get(anyUrl()).willReturn(aResponse().withBody("{\"status\":\"success\",\"data\":{}}")));
        builder().userAgent("acme-render/2.1").build().account();
        LoggedRequest request = api.findAll(getRequestedFor(urlEqualTo("/v1/user/account"))).get(0);
        assertEquals("Bearer " + KEY, request.getHeader("Authorization"));
        assertEquals("application/json", request.getHeader("Accept"));
        assertTrue(request.getHeader("User-Agent").matches("acme-render/2\\.1 babysea-java/\\S+ \\(java/\\S+\\)"), request.getHeader("User-Agent"));
        assertEquals("babysea-java", request.getHeader("X-BabySea-SDK-Name"));
        assertEquals(BabySea.VERSION, request.getHeader("X-BabySea-SDK-Version"));
        assertFalse(BabySea.VERSION.contains("${"), "the version is filtered in at build time");
        assertEquals("java", request.getHeader("X-BabySea-SDK-Runtime"));
        assertFalse(request.containsHeader("Idempotency-Key"), "only creates carry a key");
    }

    @Test
    void theBuilderRefusesBadKeysAndNormalizesTheBaseUrl() {
        assertThrows(IllegalArgumentException.class, () -> BabySea.builder().build());
        assertThrows(IllegalArgumentException.class, () -> BabySea.builder().apiKey("sk_live_1").build());
        assertEquals("https://api.eu.babysea.ai/v1", BabySea.builder().apiKey(KEY).region(Region.EU).build().baseUrl().toString());
        assertEquals("http://localhost:8080/v1", BabySea.builder().apiKey(KEY).baseUrl("http://localhost:8080/").build().baseUrl().toString());
        assertEquals("https://api.acme.test/v1", BabySea.builder().apiKey(KEY).baseUrl("https://api.acme.test/v1/").build().baseUrl().toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BabySea.builder().apiKey("bye_ bad").build());
        assertFalse(e.getMessage().contains("bye_ bad"), "the key never appears in messages");
    }

    @Test
    void waitForPollsUntilSucceededAtTheGivenInterval() {
        String path = "/v1/content/g-5";
        api.stubFor(get(urlEqualTo(path)).inScenario("w").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("p")
                .willReturn(aResponse().withBody(record("g-5", "pending", ""))));
        api.stubFor(get(urlEqualTo(path)).inScenario("w").whenScenarioStateIs("p").willSetStateTo("s")
                .willReturn(aResponse().withBody(record("g-5", "processing", ""))));
        api.stubFor(get(urlEqualTo(path)).inScenario("w").whenScenarioStateIs("s")
                .willReturn(aResponse().withBody(record("g-5", "succeeded", ",\"generation_output_file\":[\"https://cdn.test/0.png\"]"))));
        Generation done = builder().build().waitFor("g-5", Duration.ofSeconds(1), Duration.ofMinutes(1));
        assertEquals(List.of("https://cdn.test/0.png"), done.generationOutputFile());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1)), waits);
    }

    @Test
    void waitForThrowsOnFailureAndCancelAndAtTheDeadline() {
        api.stubFor(get(urlEqualTo("/v1/content/f")).willReturn(aResponse().withBody(record("f", "failed",
                ",\"generation_error\":\"flagged\",\"generation_error_code\":\"BSE2006\""))));
        GenerationFailedException failed = assertThrows(GenerationFailedException.class, () -> builder().build().waitFor("f"));
        assertEquals("BSE2006", failed.code());
        assertEquals(GenerationStatus.FAILED, failed.status());
        assertFalse(failed.retryable());

        api.stubFor(get(urlEqualTo("/v1/content/c")).willReturn(aResponse().withBody(record("c", "canceled", ""))));
        assertEquals(GenerationStatus.CANCELED, assertThrows(GenerationFailedException.class, () -> builder().build().waitFor("c")).status());

        api.stubFor(get(urlEqualTo("/v1/content/slow")).willReturn(aResponse().withBody(record("slow", "processing", ""))));
        GenerationTimeoutException late = assertThrows(GenerationTimeoutException.class,
                () -> builder().build().waitFor("slow", Duration.ofMillis(100), Duration.ofMillis(1200)));
        assertEquals(GenerationStatus.PROCESSING, late.lastStatus());
        // the interval is raised to 500 ms; the last wait is cut to the deadline, then one last poll
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMillis(200)), waits);
        api.verify(4, getRequestedFor(urlEqualTo("/v1/content/slow")));
    }

    @Test
    void aCancelNotConfirmedInTimeIsReportedAsRequested() {
        api.stubFor(post(urlEqualTo("/v1/content/generation/cancel/g-6")).willReturn(aResponse().withStatus(202).withBody(
                "{\"status\":\"success\",\"data\":{\"generation_id\":\"g-6\",\"generation_status\":\"processing\","
                        + "\"provider_cancel_sent\":false,\"credits_refunded\":false}}")));
        CancelResult result = builder().build().cancelGeneration("g-6");
        assertFalse(result.confirmed());
        assertEquals(GenerationStatus.PROCESSING, result.generationStatus());
    }

    @Test
    void webhooksAreVerifiedThroughWebhookClient() {
        String body = "{\"webhook_event\":\"generation.completed\",\"webhook_timestamp\":\"2026-12-07T10:00:00.000Z\","
                + "\"webhook_delivery_id\":\"d-1\",\"webhook_data\":{\"generation_id\":\"g-7\"}}";
        String secret = "whsec_abcdefghijklmnopqrstuvwxyz012345";
        long now = System.currentTimeMillis() / 1000;
        WebhookEvent event = BabySea.verifyWebhook(body, BabySeaWebhooks.sign(body, secret, now), secret);
        assertEquals("generation.completed", event.event());
        assertEquals("g-7", event.data().get("generation_id").asText());
        assertThrows(WebhookVerificationException.class,
                () -> BabySea.verifyWebhook(body.replace("g-7", "g-8"), BabySeaWebhooks.sign(body, secret, now), secret));
        assertThrows(WebhookVerificationException.class,
                () -> BabySea.verifyWebhook(body, BabySeaWebhooks.sign(body, secret, now - 400), secret));
        assertEquals("d-1", BabySea.verifyWebhook(body, BabySeaWebhooks.sign(body, secret, now - 400), secret, Duration.ofSeconds(600))
                .deliveryId());
    }

    @Test
    void idsAreEncodedIntoThePath() {
        api.stubFor(get(urlEqualTo("/v1/content/a%2Fb")).willReturn(aResponse().withBody(record("a/b", "pending", ""))));
        assertEquals("a/b", builder().build().getGeneration("a/b").generationId());
        api.verify(1, getRequestedFor(urlEqualTo("/v1/content/a%2Fb")).withHeader("Authorization", matching("Bearer bye_.*"))
                .withHeader("Accept", equalTo("application/json")));
    }
}
