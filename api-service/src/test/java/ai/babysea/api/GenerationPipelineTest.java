package ai.babysea.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.api.TestAccounts.TestAccount;
import ai.babysea.contracts.Topics;
import ai.babysea.contracts.events.CreditsReserved;
import ai.babysea.contracts.events.LowBalanceCrossed;
import ai.babysea.contracts.events.EventEnvelope;
import ai.babysea.contracts.events.GenerationCanceled;
import ai.babysea.contracts.events.GenerationFailed;
import ai.babysea.contracts.events.GenerationRequested;
import ai.babysea.contracts.events.GenerationStarted;
import ai.babysea.contracts.events.GenerationSucceeded;
import ai.babysea.embedded.EmbeddedKafka;
import ai.babysea.testing.KafkaEvents;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Wiring: the real api-service on the in-JVM Kafka broker and embedded PostgreSQL, the ledger's
 * internal REST served by {@link StubServices}; the test plays ledger and router by publishing
 * their events and watches `generation.requests` for what api-service emits.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "api"))
@WithTestResource(StubServices.class)
@WithTestResource(EmbeddedRedis.class)
class GenerationPipelineTest {
    @jakarta.inject.Inject
    ai.babysea.platform.jdbc.Sql sql;
    @jakarta.inject.Inject
    ai.babysea.api.generation.GenerationEventsConsumer generationEvents;
    private static KafkaEvents events;

    @BeforeAll
    static void observe() {
        events = new KafkaEvents(EmbeddedKafka.shared().bootstrapServers(), Topics.GENERATION_REQUESTS);
    }

    @AfterAll
    static void close() {
        events.close();
    }

    static String submit(TestAccount account, String model, String body) {
        return given().header("Authorization", account.bearer()).contentType(ContentType.JSON).body(body)
                .post("/v1/generate/image/" + model).then().statusCode(200).extract().jsonPath().getString("data.generation_id");
    }

    static JsonPath content(TestAccount account, String generationId) {
        return given().header("Authorization", account.bearer()).get("/v1/content/{id}", generationId)
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void submitAnswersInitializedAndPublishesOneGenerationRequested() {
        TestAccount account = TestAccounts.create("generate_only", "1.000");
        JsonPath answer = given().header("Authorization", account.bearer()).contentType(ContentType.JSON)
                .body("{\"generation_prompt\":\"a seal on a rock\",\"generation_ratio\":\"16:9\",\"generation_output_number\":2,"
                        + "\"generation_seed\":42}")
                .post("/v1/generate/image/bfl/flux-schnell")
                .then().statusCode(200)
                .body("status", equalTo("success"))
                .body("message", equalTo("Generation initialized"))
                .body("request_id", matchesPattern("^req_[0-9a-f-]{36}$"))
                .body("timestamp", matchesPattern("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$"))
                .body("data.model_identifier", equalTo("bfl/flux-schnell"))
                .body("data.generation_provider_order", equalTo(List.of("bfl", "replicate", "cloudflare")))
                .body("data.generation_prediction_id", nullValue())
                .body("data.generation_initialized", equalTo(true))
                .extract().jsonPath();
        String id = answer.getString("data.generation_id");

        await().atMost(Duration.ofSeconds(20)).until(() -> !events.seen(GenerationRequested.class, r -> r.generationId().equals(id)).isEmpty());
        GenerationRequested requested = events.seen(GenerationRequested.class, r -> r.generationId().equals(id)).get(0);
        assertEquals(account.accountId(), requested.accountId());
        assertEquals("image", requested.mediaType());
        assertEquals(10_000, requested.costMicros(), "2 outputs x 0.005 credits");
        assertTrue(requested.providerOrderFastest(), "multi-provider models default to fastest");
        assertEquals(List.of("bfl", "replicate", "cloudflare"), requested.providerOrder());
        assertEquals("16:9", requested.parameters().ratio());
        assertEquals("png", requested.parameters().outputFormat(), "default applied");
        assertEquals(42L, ((Number) requested.parameters().extras().get("generation_seed")).longValue());
        assertEquals(4L, ((Number) requested.parameters().extras().get("generation_num_inference_steps")).longValue(),
                "specific default applied");

        content(account, id);
        JsonPath record = content(account, id);
        assertEquals("pending", record.getString("data.generation_status"));
        assertEquals("a seal on a rock", record.getString("data.generation_prompt"));
        assertEquals(2, record.getInt("data.generation_output_number"));
    }

    @Test
    void explicitProviderOrderIsResolvedAndNotFastest() {
        TestAccount account = TestAccounts.create("full_access", "1");
        String id = given().header("Authorization", account.bearer()).contentType(ContentType.JSON)
                .body("{\"generation_prompt\":\"x\",\"generation_provider_order\":\"fal, replicate\"}")
                .post("/v1/generate/image/bfl/flux-1.1-pro")
                .then().statusCode(200).body("data.generation_provider_order", equalTo(List.of("fal", "replicate")))
                .extract().jsonPath().getString("data.generation_id");
        await().atMost(Duration.ofSeconds(20)).until(() -> !events.seen(GenerationRequested.class, r -> r.generationId().equals(id)).isEmpty());
        assertFalse(events.seen(GenerationRequested.class, r -> r.generationId().equals(id)).get(0).providerOrderFastest());
    }

    @Test
    void lifecycleEventsDriveTheRecordAndTerminalStatesNeverChange() {
        TestAccount account = TestAccounts.create("full_access", "1");
        String id = submit(account, "bfl/flux-schnell", "{\"generation_prompt\":\"a lighthouse\"}");
        Instant started = Instant.parse("2026-11-24T10:00:01Z");
        events.publish(new GenerationStarted(id, account.accountId(), "bfl/flux-schnell", "bfl", "pred-1", 1, started));
        await().atMost(Duration.ofSeconds(20)).until(() -> "processing".equals(content(account, id).getString("data.generation_status")));
        JsonPath processing = content(account, id);
        assertEquals("pred-1", processing.getString("data.generation_prediction_id"));
        assertEquals("2026-11-24T10:00:01.000Z", processing.getString("data.generation_started_at"));
        assertEquals(null, (Object) processing.get("data.generation_provider_used"), "null until terminal");
        assertEquals(1, processing.getInt("data.generation_provider_submissions"));
        // the router fails over: a second attempt starts on the next provider
        events.publish(new GenerationStarted(id, account.accountId(), "bfl/flux-schnell", "replicate", "pred-2", 2, started));
        await().atMost(Duration.ofSeconds(20)).until(() -> content(account, id).getInt("data.generation_provider_submissions") == 2);

        events.publish(new GenerationSucceeded(id, account.accountId(), "bfl/flux-schnell", "replicate", "pred-2",
                List.of("https://cdn.example/o/0.png"), 1.25, started, Instant.parse("2026-11-24T10:00:04Z")));
        await().atMost(Duration.ofSeconds(20)).until(() -> "succeeded".equals(content(account, id).getString("data.generation_status")));
        // late events after a terminal state are recorded by the inbox but change nothing
        events.publish(new GenerationFailed(id, account.accountId(), "bfl/flux-schnell", "BSE4003", "late", List.of(), "router", Instant.now()));
        events.publish(new GenerationCanceled(id, account.accountId(), "bfl/flux-schnell", "pred-2", true, true, Instant.now()));
        String marker = submit(account, "bfl/flux-schnell", "{\"generation_prompt\":\"marker\"}");
        events.publish(new GenerationStarted(marker, account.accountId(), "bfl/flux-schnell", "bfl", "m", 1, Instant.now()));
        // events of both generations share a partition only by chance, so wait for the marker and then re-check
        await().atMost(Duration.ofSeconds(20)).until(() -> "processing".equals(content(account, marker).getString("data.generation_status")));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> "succeeded".equals(content(account, id).getString("data.generation_status")));
        given().header("Authorization", account.bearer()).get("/v1/content/{id}", id).then().statusCode(200)
                .body("data.generation_provider_used", equalTo("replicate"))
                .body("data.generation_prediction_id", equalTo("pred-2"))
                .body("data.generation_output_file", equalTo(List.of("https://cdn.example/o/0.png")))
                .body("data.generation_completed_at", equalTo("2026-11-24T10:00:04.000Z"))
                .body("data.generation_metrics_predict_time", equalTo(1.25f))
                .body("data.generation_metrics_total_time", notNullValue())
                .body("data.generation_error", nullValue());
    }

    @Test
    void failedAndCanceledEventsAreReflected() {
        TestAccount account = TestAccounts.create("full_access", "1");
        String failed = submit(account, "bfl/flux-schnell", "{\"generation_prompt\":\"will fail\"}");
        String canceled = submit(account, "bfl/flux-schnell", "{\"generation_prompt\":\"will cancel\"}");
        events.publish(new GenerationFailed(failed, account.accountId(), "bfl/flux-schnell", "BSE1004",
                "The credit balance is below the cost of this request.", List.of(), GenerationFailed.BY_LEDGER, Instant.now()));
        events.publish(new GenerationCanceled(canceled, account.accountId(), "bfl/flux-schnell", null, false, true, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(content(account, failed).getString("data.generation_status")));
        given().header("Authorization", account.bearer()).get("/v1/content/{id}", failed).then()
                .body("data.generation_error_code", equalTo("BSE1004"))
                .body("data.generation_error", equalTo("The credit balance is below the cost of this request."));
        await().atMost(Duration.ofSeconds(20)).until(() -> "canceled".equals(content(account, canceled).getString("data.generation_status")));
    }

    @Test
    void anotherAccountsGenerationIsNotFoundNotForbidden() {
        TestAccount owner = TestAccounts.create("full_access", "1");
        TestAccount other = TestAccounts.create("full_access", "1");
        String id = submit(owner, "bfl/flux-schnell", "{\"generation_prompt\":\"mine\"}");
        JsonPath foreign = given().header("Authorization", other.bearer()).get("/v1/content/{id}", id)
                .then().statusCode(404).body("status", equalTo("error")).extract().jsonPath();
        JsonPath unknown = given().header("Authorization", other.bearer()).get("/v1/content/{id}", "0191b4a0-0000-7000-8000-000000000000")
                .then().statusCode(404).extract().jsonPath();
        assertEquals(unknown.getString("error.code"), foreign.getString("error.code"));
        assertEquals("BSE2013", foreign.getString("error.code"));
        assertEquals(unknown.getString("error.message"), foreign.getString("error.message"));
    }

    @Test
    void clearlyInsufficientBalanceIsRejectedUpFrontAndNothingIsPublished() {
        TestAccount account = TestAccounts.create("full_access", "0.004");
        given().header("Authorization", account.bearer()).contentType(ContentType.JSON)
                .body("{\"generation_prompt\":\"too expensive\",\"generation_output_number\":2}")
                .post("/v1/generate/image/bfl/flux-schnell")
                .then().statusCode(402).body("error.code", equalTo("BSE1004")).body("error.type", equalTo("insufficient_credits"))
                .body("error.retryable", equalTo(false));
        // the projection follows the ledger's events: a reservation elsewhere lowers it further
        events.publish(new CreditsReserved(account.accountId(), "g", "t", 1_000, 3_000));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().header("Authorization", account.bearer())
                .contentType(ContentType.JSON).body("{\"generation_prompt\":\"one\"}").post("/v1/generate/image/bfl/flux-schnell")
                .then().statusCode(402));
        assertTrue(events.seen(GenerationRequested.class, r -> r.accountId().equals(account.accountId())).isEmpty());
    }

    /**
     * The balance pre-check reads the projection: once the projected balance of an account that has submitted before falls
     * below the cost, a submit is refused with BSE1004 and creates nothing.
     */
    @Test
    void aSubmitIsRefusedOnceTheProjectedBalanceFallsBelowTheCost() {
        TestAccount account = TestAccounts.create("full_access", "1");
        String first = submit(account, "bfl/flux-schnell", "{\"generation_prompt\":\"first\"}");
        events.publish(new CreditsReserved(account.accountId(), "g", "t", 1_000, 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> Long.valueOf(1L).equals(balance(account.accountId())));
        given().header("Authorization", account.bearer()).contentType(ContentType.JSON).body("{\"generation_prompt\":\"second\"}")
                .post("/v1/generate/image/bfl/flux-schnell")
                .then().statusCode(402).body("error.code", equalTo("BSE1004"));
        given().header("Authorization", account.bearer()).get("/v1/content/list").then().statusCode(200)
                .body("total", equalTo(1)).body("data.generations[0].generation_id", equalTo(first));
    }

    /**
     * The balance projection consumes `ledger.events` in poll batches (one transaction each): after a burst of
     * reservations for one account, with an earlier event redelivered and a malformed record in between, the
     * projection holds the newest balance; the malformed record does not stop the events after it.
     */
    @Test
    void ledgerEventsInBatchesKeepTheNewestBalance() {
        String accountId = "batch-" + java.util.UUID.randomUUID();
        EventEnvelope first = events.publish(new CreditsReserved(accountId, "g-0", "t-0", 1_000, 100_000));
        events.publishRaw(Topics.LEDGER_EVENTS, accountId, "{not an envelope");
        for (int i = 1; i <= 40; i++) {
            events.publish(new CreditsReserved(accountId, "g-" + i, "t-" + i, 1_000, 100_000 - 1_000L * i));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> Long.valueOf(60_000L).equals(balance(accountId)));
        // redelivered as the account's last event, then a marker on the same key (same partition, so applied after
        // it) that does not touch the balance: once the marker is in the inbox, the redelivery has been seen
        events.publish(first);
        EventEnvelope marker = events.publish(new LowBalanceCrossed(accountId, 60_000, List.of(new LowBalanceCrossed.ThresholdCrossing(500_000, 60_000))));
        await().atMost(Duration.ofSeconds(20)).until(() -> QuarkusTransaction.requiringNew().call(() -> sql.queryLong(
                "SELECT count(*) FROM inbox WHERE event_id = ?", marker.eventId()).orElse(0L)) == 1L);
        assertEquals(60_000L, balance(accountId), "a redelivered older event does not bring its balance back");
    }

    /**
     * `generation.events` is applied in poll batches (one transaction each, in-flight slots given back per account at
     * the end). 30 generations in flight; 10 finish in one batch handed to the consumer directly (so the batch is
     * exactly that: every terminal event twice, a late failure after it) and 10 more through Kafka the same way, with
     * a malformed record first. Exactly 10 slots stay taken: a terminal event frees its slot once, a batch frees all
     * of an account's slots, redelivery frees nothing, and the malformed record does not stop the events after it.
     */
    @Test
    void generationEventsInBatchesFreeEachSlotOnce() {
        TestAccount account = TestAccounts.create("full_access", "1");
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add(submit(account, "bfl/flux-schnell", "{\"generation_prompt\":\"batch " + i + "\"}"));
        }
        assertEquals(30L, inFlight(account.accountId()));

        List<EventEnvelope> batch = new java.util.ArrayList<>();
        for (String id : ids.subList(0, 10)) {
            batch.addAll(lifecycle(account, id));
        }
        generationEvents.applyAll(batch);
        assertEquals(20L, inFlight(account.accountId()), "one batch: 10 generations finished, each freed its slot once");

        events.publishRaw(Topics.GENERATION_EVENTS, ids.get(10), "{not an envelope");
        List<EventEnvelope> late = new java.util.ArrayList<>();
        for (String id : ids.subList(10, 20)) {
            List<EventEnvelope> sequence = lifecycle(account, id);
            sequence.forEach(events::publish);
            late.add(sequence.get(sequence.size() - 1));
        }
        // each late failure shares its generation's key (partition) with the redelivery before it
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() -> sql.queryLong(
                "SELECT count(*) FROM inbox WHERE event_id = ANY(?)",
                (Object) late.stream().map(EventEnvelope::eventId).toArray(String[]::new)).orElse(0L)) == 10L);
        for (String id : ids.subList(0, 20)) {
            assertEquals("succeeded", content(account, id).getString("data.generation_status"));
        }
        assertEquals("pending", content(account, ids.get(20)).getString("data.generation_status"));
        assertEquals(10L, inFlight(account.accountId()), "20 of 30 generations finished, each freed its slot once");
    }

    /** started, succeeded, the same succeeded again (redelivery), then a late failure that must change nothing. */
    private static List<EventEnvelope> lifecycle(TestAccount account, String id) {
        Instant started = Instant.now();
        EventEnvelope done = EventEnvelope.wrap(new GenerationSucceeded(id, account.accountId(), "bfl/flux-schnell", "bfl", "p-" + id,
                List.of("https://cdn.example/" + id + ".png"), 0.5, started, Instant.now()));
        return new java.util.ArrayList<>(List.of(
                EventEnvelope.wrap(new GenerationStarted(id, account.accountId(), "bfl/flux-schnell", "bfl", "p-" + id, 1, started)),
                done, done,
                EventEnvelope.wrap(new GenerationFailed(id, account.accountId(), "bfl/flux-schnell", "BSE4003", "late", List.of(),
                        "router", Instant.now()))));
    }

    private long inFlight(String accountId) {
        return QuarkusTransaction.requiringNew().call(() -> sql.queryLong(
                "SELECT coalesce(sum(generations), 0) FROM account_in_flight WHERE account_id = ?::uuid", accountId).orElse(0L));
    }

    private Long balance(String accountId) {
        return QuarkusTransaction.requiringNew().call(() -> sql.queryLong("SELECT available_micros FROM balances WHERE account_id = ?",
                accountId).orElse(null));
    }
}
