package ai.babysea.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.api.TestAccounts.TestAccount;
import ai.babysea.contracts.Topics;
import ai.babysea.contracts.events.GenerationCancelRequested;
import ai.babysea.contracts.events.GenerationCanceled;
import ai.babysea.contracts.events.GenerationFailed;
import ai.babysea.contracts.events.GenerationStarted;
import ai.babysea.contracts.events.GenerationSucceeded;
import ai.babysea.embedded.EmbeddedKafka;
import ai.babysea.sdk.BabySea;
import ai.babysea.sdk.BabySeaApiException;
import ai.babysea.sdk.GenerationFailedException;
import ai.babysea.sdk.RequestOptions;
import ai.babysea.sdk.model.ApiKey;
import ai.babysea.sdk.model.CancelResult;
import ai.babysea.sdk.model.CreateApiKeyRequest;
import ai.babysea.sdk.model.Estimate;
import ai.babysea.sdk.model.EstimateRequest;
import ai.babysea.sdk.model.Generation;
import ai.babysea.sdk.model.GenerationCreated;
import ai.babysea.sdk.model.GenerationPage;
import ai.babysea.sdk.model.GenerationRequest;
import ai.babysea.sdk.model.GenerationStatus;
import ai.babysea.sdk.model.KeyPreset;
import ai.babysea.sdk.model.Model;
import ai.babysea.sdk.model.WebhookEndpointRequest;
import ai.babysea.testing.KafkaEvents;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.math.BigDecimal;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Wiring: the Java SDK (java-sdk module) against the real api-service of {@link GenerationPipelineTest} (in-JVM Kafka,
 * embedded PostgreSQL, Redis; ledger/router/webhook internals served by {@link StubServices}); the test plays the
 * router by publishing its events. Retry tests put a WireMock server in front of the api that injects 503/429 answers
 * or a dropped connection and proxies everything else to it.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "api"))
@WithTestResource(StubServices.class)
@WithTestResource(EmbeddedRedis.class)
class JavaSdkTest {
    private static final String MODEL = "bfl/flux-schnell";
    private static final String SUBMIT_PATH = "/v1/generate/image/" + MODEL;
    private static KafkaEvents events;
    private static WireMockServer edge;

    @TestHTTPResource("/")
    URL api;

    @BeforeAll
    static void start() {
        events = new KafkaEvents(EmbeddedKafka.shared().bootstrapServers(), Topics.GENERATION_REQUESTS);
        edge = new WireMockServer(options().dynamicPort());
        edge.start();
    }

    @AfterAll
    static void stop() {
        events.close();
        edge.stop();
    }

    @BeforeEach
    void resetEdge() {
        edge.resetAll();
    }

    private BabySea client(TestAccount account) {
        return BabySea.builder().apiKey(account.key()).baseUrl(api.toString()).userAgent("babysea-tests/1").build();
    }

    /** A client calling through the WireMock edge. */
    private BabySea throughEdge(TestAccount account) {
        return BabySea.builder().apiKey(account.key()).baseUrl(edge.baseUrl()).build();
    }

    private String apiRoot() {
        return api.toString().replaceAll("/+$", "");
    }

    @Test
    void generateThenWaitForFollowsTheGenerationToItsOutputs() throws Exception {
        TestAccount account = TestAccounts.create("full_access", "1");
        BabySea babysea = client(account);
        GenerationCreated created = babysea.generate(MODEL, GenerationRequest.builder("a seal on a rock").ratio("16:9").outputNumber(2)
                .extra("generation_seed", 42).build());
        assertTrue(created.generationInitialized());
        assertEquals(List.of("bfl", "replicate", "cloudflare"), created.generationProviderOrder());
        assertFalse(created.idempotencyReplayed());
        assertNotNull(created.idempotencyKey());
        String id = created.generationId();

        CompletableFuture<Generation> waiting = CompletableFuture.supplyAsync(() -> babysea.waitFor(id, Duration.ofMillis(500),
                Duration.ofSeconds(60)));
        Instant started = Instant.now();
        events.publish(new GenerationStarted(id, account.accountId(), MODEL, "bfl", "pred-1", 1, started));
        await().atMost(Duration.ofSeconds(20)).until(() -> babysea.getGeneration(id).generationStatus() == GenerationStatus.PROCESSING);
        assertFalse(waiting.isDone(), "processing is not an end");
        events.publish(new GenerationSucceeded(id, account.accountId(), MODEL, "replicate", "pred-2",
                List.of("https://cdn.example/o/0.png", "https://cdn.example/o/1.png"), 1.5, started, Instant.now()));

        Generation done = waiting.get(60, TimeUnit.SECONDS);
        assertEquals(GenerationStatus.SUCCEEDED, done.generationStatus());
        assertEquals("replicate", done.generationProviderUsed());
        assertEquals(List.of("https://cdn.example/o/0.png", "https://cdn.example/o/1.png"), done.generationOutputFile());
        assertEquals("16:9", done.generationRatio());
        assertEquals(2, done.generationOutputNumber());
        assertEquals(1.5, done.generationMetricsPredictTime());
        assertNotNull(done.generationCompletedAt());
        assertEquals(42, ((Number) done.extras().get("generation_seed")).intValue(), "model-specific inputs come back as extras");
        assertEquals(account.accountId(), done.accountId());
    }

    @Test
    void waitForReportsAFailedGenerationWithItsCode() {
        TestAccount account = TestAccounts.create("full_access", "1");
        BabySea babysea = client(account);
        String id = babysea.generate(MODEL, GenerationRequest.of("will fail")).generationId();
        CompletableFuture<Generation> waiting = CompletableFuture.supplyAsync(() -> babysea.waitFor(id, Duration.ofMillis(500),
                Duration.ofSeconds(60)));
        events.publish(new GenerationFailed(id, account.accountId(), MODEL, "BSE4003", "Every provider in the chain failed.", List.of(),
                "router", Instant.now()));
        GenerationFailedException failed = assertThrows(GenerationFailedException.class, () -> {
            try {
                waiting.join();
            } catch (CompletionException e) {
                throw e.getCause();
            }
        });
        assertEquals("BSE4003", failed.code());
        assertEquals(GenerationStatus.FAILED, failed.status());
        assertEquals("Every provider in the chain failed.", failed.generation().generationError());
    }

    @Test
    void errorAnswersBecomeExceptionsWithTheirCodeStatusAndRequestId() {
        TestAccount account = TestAccounts.create("full_access", "1");
        BabySea babysea = client(account);

        BabySeaApiException unknownKey = assertThrows(BabySeaApiException.class,
                () -> BabySea.builder().apiKey("bye_doesnotexist_us").baseUrl(api.toString()).build().status());
        assertEquals("BSE1002", unknownKey.code());
        assertEquals(401, unknownKey.httpStatus());
        assertTrue(unknownKey.requestId().startsWith("req_"), unknownKey.requestId());
        assertFalse(unknownKey.retryable());
        assertEquals(1, unknownKey.attempts());

        TestAccount monitor = TestAccounts.create("monitor_only", null);
        BabySeaApiException scope = assertThrows(BabySeaApiException.class, () -> client(monitor).generate(MODEL, GenerationRequest.of("x")));
        assertEquals("BSE1003", scope.code());
        assertEquals(403, scope.httpStatus());

        BabySeaApiException ratio = assertThrows(BabySeaApiException.class,
                () -> babysea.generate(MODEL, GenerationRequest.builder("x").ratio("2:1").build()));
        assertEquals("BSE2008", ratio.code());
        assertEquals(422, ratio.httpStatus());
        assertEquals("generation_ratio", ratio.field());
        BabySeaApiException unknownField = assertThrows(BabySeaApiException.class,
                () -> babysea.generate(MODEL, GenerationRequest.builder("x").extra("generation_colour", "red").build()));
        assertEquals("BSE2001", unknownField.code());
        assertEquals("generation_colour", unknownField.field());

        assertEquals("BSE2011", assertThrows(BabySeaApiException.class, () -> babysea.generate("acme/nothing", GenerationRequest.of("x")))
                .code());
        BabySeaApiException missing = assertThrows(BabySeaApiException.class, () -> babysea.getGeneration("0191b4a0-0000-7000-8000-000000000000"));
        assertEquals("BSE2013", missing.code());
        assertEquals(404, missing.httpStatus());

        TestAccount poor = TestAccounts.create("full_access", "0.004");
        BabySeaApiException credits = assertThrows(BabySeaApiException.class,
                () -> client(poor).generate(MODEL, GenerationRequest.builder("x").outputNumber(2).build()));
        assertEquals("BSE1004", credits.code());
        assertEquals(402, credits.httpStatus());
        assertEquals("insufficient_credits", credits.type());

        String inFlight = babysea.generate(MODEL, GenerationRequest.of("still running")).generationId();
        BabySeaApiException busy = assertThrows(BabySeaApiException.class, () -> babysea.deleteGeneration(inFlight));
        assertEquals("BSE2018", busy.code());
        assertEquals(409, busy.httpStatus());
    }

    @Test
    void anIdempotencyKeyReplaysTheSameGenerationAndRefusesAnotherBody() {
        TestAccount account = TestAccounts.create("full_access", "1");
        BabySea babysea = client(account);
        RequestOptions key = RequestOptions.idempotencyKey("order-" + account.accountId());
        GenerationCreated first = babysea.generate(MODEL, GenerationRequest.of("a lighthouse"), key);
        GenerationCreated again = babysea.generate(MODEL, GenerationRequest.of("a lighthouse"), key);
        assertFalse(first.idempotencyReplayed());
        assertTrue(again.idempotencyReplayed());
        assertEquals(first.generationId(), again.generationId());
        BabySeaApiException other = assertThrows(BabySeaApiException.class, () -> babysea.generate(MODEL, GenerationRequest.of("a harbor"), key));
        assertEquals("BSE2015", other.code());
        assertEquals(409, other.httpStatus());
        assertEquals(1, babysea.listGenerations(10, 0).total());
        assertEquals(1, babysea.listGenerations(10, 0, "pending", MODEL).total(), "filtered by the API");
        assertEquals(0, babysea.listGenerations(10, 0, "succeeded", null).total());
    }

    @Test
    void cancelAndDeleteFollowTheGenerationsState() throws Exception {
        TestAccount account = TestAccounts.create("full_access", "1");
        BabySea babysea = client(account);
        String id = babysea.generate(MODEL, GenerationRequest.of("cancel me")).generationId();
        CompletableFuture<Void> router = CompletableFuture.runAsync(() -> {
            await().atMost(Duration.ofSeconds(20)).until(() -> !events.seen(GenerationCancelRequested.class,
                    c -> c.generationId().equals(id)).isEmpty());
            events.publish(new GenerationCanceled(id, account.accountId(), MODEL, "pred-9", true, true, Instant.now()));
        });
        CancelResult canceled = babysea.cancelGeneration(id);
        router.get(30, TimeUnit.SECONDS);
        assertTrue(canceled.confirmed());
        assertEquals(GenerationStatus.CANCELED, canceled.generationStatus());
        assertTrue(canceled.providerCancelSent());
        assertTrue(canceled.creditsRefunded());
        BabySeaApiException again = assertThrows(BabySeaApiException.class, () -> babysea.cancelGeneration(id));
        assertEquals("BSE2014", again.code());

        assertEquals(2L, babysea.deleteGeneration(id).filesDeleted(), "router stub deletes two files");
        assertEquals("BSE2013", assertThrows(BabySeaApiException.class, () -> babysea.getGeneration(id)).code());
    }

    @Test
    void everyReadRouteMapsIntoItsRecord() {
        TestAccount account = TestAccounts.create("full_access", "1");
        BabySea babysea = client(account);
        for (int i = 0; i < 3; i++) {
            babysea.generate(MODEL, GenerationRequest.of("page " + i));
        }
        GenerationPage first = babysea.listGenerations(2, 0);
        assertEquals(3, first.total());
        assertEquals(2, first.generations().size());
        assertEquals(2, first.limit());
        assertTrue(first.hasMore());
        GenerationPage second = babysea.listGenerations(2, 2);
        assertEquals(1, second.generations().size());
        assertFalse(second.hasMore());
        assertEquals("page 0", second.generations().get(0).generationPrompt(), "newest first");

        assertEquals(account.accountId(), babysea.status().accountId());
        assertEquals(account.keyId(), babysea.status().apikeyId());
        assertEquals(account.accountId(), babysea.account().accountId());
        assertEquals("Pro", babysea.billing().billingPlan());
        Estimate estimate = babysea.estimate(MODEL, EstimateRequest.count(3));
        assertEquals(new BigDecimal("0.005"), estimate.costPerGeneration());
        assertEquals(new BigDecimal("0.015"), estimate.costTotalConsumed());
        assertEquals(3, estimate.assetsCount());
        Estimate video = babysea.estimate("google/veo-2", EstimateRequest.video(5, null, null));
        assertEquals("video", video.modelType());
        assertEquals(5.0, video.durationSeconds());
        assertNotNull(video.costPerSecond());
        assertEquals(7, babysea.usage(7).usagePeriodDays());
        assertTrue(babysea.usage().usageTotalGenerations() >= 3);
        assertEquals(8, babysea.usage(7).usageDaily().size(), "one entry per UTC date the 7-day window touches");

        assertTrue(babysea.library().providers().providers().stream().anyMatch(p -> p.providerId().equals("cloudflare")
                && p.babyseaImplementation().deliveryMethod().equals("synchronous")));
        Model flux = babysea.library().models().models().stream().filter(m -> m.modelIdentifier().equals(MODEL)).findFirst().orElseThrow();
        assertEquals(4, flux.schema().generationOutputNumber());
        assertTrue(flux.specificSchema().contains("generation_seed"));
        assertEquals(new BigDecimal("0.005"), flux.modelPricing().decimalValue());
        assertEquals("replicate", babysea.health().providers().providers().get(0).provider());
        assertTrue(babysea.health().models().healthy());
        assertEquals("outputs", babysea.health().storage().bucket());
        assertEquals("redis", babysea.health().cache().service());
        assertEquals(1, babysea.credits(10, 0).entries().size());
        // the request log is written in batches after the answers
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertTrue(babysea.logs(500, 0).logs().stream()
                .anyMatch(l -> "POST".equals(l.method()) && l.endpoint().startsWith("/v1/generate/image") && l.status() == 200
                        && "babysea-tests/1".equals(l.userAgent().split(" ")[0]))));
    }

    @Test
    void keysAreCreatedRotatedAndRevokedThroughTheSdk() {
        TestAccount account = TestAccounts.create("full_access", "1");
        BabySea admin = client(account);
        ApiKey worker = admin.keys().create(CreateApiKeyRequest.of("worker", KeyPreset.GENERATE_ONLY));
        assertNotNull(worker.apikeyKey());
        assertEquals("generate_only", worker.apikeyPreset());
        assertTrue(admin.keys().list().apikeys().stream().anyMatch(k -> k.apikeyId().equals(worker.apikeyId()) && k.apikeyKey() == null),
                "the secret is never listed");
        BabySea asWorker = BabySea.builder().apiKey(worker.apikeyKey()).baseUrl(api.toString()).build();
        assertEquals(0, asWorker.listGenerations(10, 0).total());
        assertEquals("BSE1003", assertThrows(BabySeaApiException.class, asWorker::status).code(), "generate_only has no account:read");

        ApiKey rotated = admin.keys().rotate(worker.apikeyId(), 1);
        assertNotEquals(worker.apikeyKey(), rotated.apikeyKey());
        assertEquals("rotated", rotated.rotatedApikey().apikeyStatus());
        assertNotNull(rotated.rotatedApikey().apikeyGraceEndsAt());
        assertEquals("revoked", admin.keys().revoke(rotated.apikeyId()).apikeyStatus());
        BabySea revoked = BabySea.builder().apiKey(rotated.apikeyKey()).baseUrl(api.toString()).build();
        assertEquals("BSE1002", assertThrows(BabySeaApiException.class, () -> revoked.listGenerations(1, 0)).code());
        assertEquals("BSE1003", assertThrows(BabySeaApiException.class,
                () -> asWorker.keys().create(CreateApiKeyRequest.of("escalate", KeyPreset.FULL_ACCESS))).code());
    }

    @Test
    void webhookEndpointCallsReachWebhookServiceWithTheirMethodPathAndBody() {
        TestAccount account = TestAccounts.create("full_access", "1");
        BabySea babysea = client(account);
        String base = "/webhook/internal/accounts/" + account.accountId() + "/endpoints";
        babysea.webhooks().create(new WebhookEndpointRequest("https://example.com/hook", List.of("generation.completed"), "prod"));
        babysea.webhooks().list();
        // the stub of webhook-service knows no endpoint ep-1: its not-found answer comes back through the SDK as an exception
        assertNotFound(() -> babysea.webhooks().update("ep-1", new WebhookEndpointRequest(null, null, "renamed")));
        assertNotFound(() -> babysea.webhooks().disable("ep-1"));
        assertNotFound(() -> babysea.webhooks().rotateSecret("ep-1"));
        babysea.webhooks().deliveries("ep-1", "failed", 10, 0);
        assertNotFound(() -> babysea.webhooks().replay("ep-1", "dl-1"));
        assertNotFound(() -> babysea.webhooks().deliverQueued("ep-1"));
        assertNotFound(() -> babysea.webhooks().delete("ep-1"));
        List<StubServices.Call> calls = StubServices.calls(base);
        assertEquals(List.of("POST " + base, "GET " + base, "PATCH " + base + "/ep-1", "POST " + base + "/ep-1/disable",
                "POST " + base + "/ep-1/rotate-secret", "GET " + base + "/ep-1/deliveries", "POST " + base + "/ep-1/deliveries/dl-1/replay",
                "POST " + base + "/ep-1/deliver-queued", "DELETE " + base + "/ep-1"),
                calls.stream().map(c -> c.method() + " " + c.path()).toList());
        assertEquals("{\"url\":\"https://example.com/hook\",\"events\":[\"generation.completed\"],\"description\":\"prod\"}", calls.get(0).body());
        assertEquals("{\"description\":\"renamed\"}", calls.get(2).body());
        assertEquals("status=failed&limit=10&offset=0", calls.get(5).query());
    }

    private static void assertNotFound(org.junit.jupiter.api.function.Executable call) {
        assertEquals("BSE2017", assertThrows(BabySeaApiException.class, call).code());
    }

    @Test
    void a503AtTheEdgeIsRetriedAfterRetryAfterWithTheSameKeyAndTheApiCreatesOneGeneration() {
        TestAccount account = TestAccounts.create("full_access", "1");
        edge.stubFor(post(urlPathEqualTo(SUBMIT_PATH)).inScenario("edge").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("up")
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1").withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"error\",\"request_id\":\"req_edge\",\"error\":{\"code\":\"BSE5002\","
                                + "\"type\":\"service_unavailable\",\"message\":\"A dependency is unavailable. Retry later.\",\"retryable\":true}}")));
        edge.stubFor(post(urlPathEqualTo(SUBMIT_PATH)).inScenario("edge").whenScenarioStateIs("up").willReturn(aResponse().proxiedFrom(apiRoot())));

        GenerationCreated created = throughEdge(account).generate(MODEL, GenerationRequest.of("through the edge"));

        List<LoggedRequest> attempts = edge.findAll(postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
        assertEquals(2, attempts.size());
        assertEquals(attempts.get(0).getHeader("Idempotency-Key"), attempts.get(1).getHeader("Idempotency-Key"));
        assertEquals(created.idempotencyKey(), attempts.get(1).getHeader("Idempotency-Key"));
        long waitedMillis = attempts.get(1).getLoggedDate().getTime() - attempts.get(0).getLoggedDate().getTime();
        assertTrue(waitedMillis >= 1000, "Retry-After: 1 was honoured, waited " + waitedMillis + " ms");
        GenerationPage page = client(account).listGenerations(10, 0);
        assertEquals(1, page.total());
        assertEquals(created.generationId(), page.generations().get(0).generationId());
    }

    @Test
    void aRetryAfterALostAnswerGetsTheFirstAttemptsGenerationReplayed() {
        TestAccount account = TestAccounts.create("full_access", "1");
        String key = "lost-" + account.accountId();
        // the first attempt reached the api and created the generation; its answer never came back
        String original = given().header("Authorization", account.bearer()).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body("{\"generation_prompt\":\"lost answer\"}").post(SUBMIT_PATH).then().statusCode(200).extract().path("data.generation_id");
        edge.stubFor(post(urlPathEqualTo(SUBMIT_PATH)).inScenario("lost").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("up")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        edge.stubFor(post(urlPathEqualTo(SUBMIT_PATH)).inScenario("lost").whenScenarioStateIs("up").willReturn(aResponse().proxiedFrom(apiRoot())));

        GenerationCreated replayed = throughEdge(account).generate(MODEL, GenerationRequest.of("lost answer"), RequestOptions.idempotencyKey(key));

        assertTrue(replayed.idempotencyReplayed());
        assertEquals(original, replayed.generationId());
        assertEquals(2, edge.findAll(postRequestedFor(urlPathEqualTo(SUBMIT_PATH)).withHeader("Idempotency-Key",
                equalTo(key))).size());
        assertEquals(1, client(account).listGenerations(10, 0).total());
    }

    @Test
    void a429IsWaitedOutWhileTheApisOwnRefusalsAreNotRepeated() {
        TestAccount account = TestAccounts.create("full_access", "1");
        edge.stubFor(post(urlPathEqualTo(SUBMIT_PATH)).inScenario("rl").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("up")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1").withHeader("X-RateLimit-Limit", "60")
                        .withHeader("X-RateLimit-Remaining", "0").withBody("{\"status\":\"error\",\"request_id\":\"req_rl\",\"error\":{"
                                + "\"code\":\"BSE1005\",\"type\":\"rate_limit_exceeded\",\"message\":\"Rate limit exceeded.\",\"retryable\":true,"
                                + "\"details\":{\"retry_after_seconds\":1,\"limit\":60}}}")));
        edge.stubFor(post(urlPathEqualTo(SUBMIT_PATH)).inScenario("rl").whenScenarioStateIs("up").willReturn(aResponse().proxiedFrom(apiRoot())));
        BabySea babysea = throughEdge(account);
        assertNotNull(babysea.generate(MODEL, GenerationRequest.of("after the limit")).generationId());
        List<LoggedRequest> attempts = edge.findAll(postRequestedFor(urlPathEqualTo(SUBMIT_PATH)));
        assertEquals(2, attempts.size());
        assertTrue(attempts.get(1).getLoggedDate().getTime() - attempts.get(0).getLoggedDate().getTime() >= 1000);

        // a refusal from the api itself (BSE2008, not retryable) goes straight to the caller
        edge.resetAll();
        edge.stubFor(post(anyUrl()).willReturn(aResponse().proxiedFrom(apiRoot())));
        BabySeaApiException invalid = assertThrows(BabySeaApiException.class,
                () -> babysea.generate(MODEL, GenerationRequest.builder("x").outputNumber(5).build()));
        assertEquals("BSE2008", invalid.code());
        assertEquals(1, invalid.attempts());
        assertEquals(1, edge.findAll(postRequestedFor(urlPathEqualTo(SUBMIT_PATH))).size());
        assertNull(invalid.rateLimit().retryAfter());
        assertNotNull(invalid.rateLimit().limit(), "every authenticated answer carries the rate-limit headers");
    }
}
