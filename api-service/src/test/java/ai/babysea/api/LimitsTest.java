package ai.babysea.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import ai.babysea.contracts.events.GenerationFailed;
import ai.babysea.contracts.events.GenerationRequested;
import ai.babysea.contracts.events.GenerationSucceeded;
import ai.babysea.embedded.EmbeddedKafka;
import ai.babysea.testing.KafkaEvents;
import ai.babysea.contracts.Topics;
import ai.babysea.platform.jdbc.Sql;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import java.util.UUID;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Wiring: same application as {@link GenerationPipelineTest}, limits counted in the embedded Redis.
 * A `Free` account (60 requests per window, 2 in flight in application.properties) hits its limits.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "api"))
@WithTestResource(StubServices.class)
@WithTestResource(EmbeddedRedis.class)
class LimitsTest {
    @Inject
    Sql sql;

    private static String freeKey() {
        JsonPath created = given().header("Authorization", TestAccounts.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("account_name", "free", "billing_plan", "Free")).post("/v1/admin/accounts").then().statusCode(201)
                .extract().jsonPath();
        given().header("Authorization", TestAccounts.ADMIN).contentType(ContentType.JSON).body("{\"credits\": 5}")
                .post("/v1/admin/accounts/{id}/grants", created.getString("data.account_id")).then().statusCode(200);
        return "Bearer " + created.getString("data.apikey.apikey_key");
    }

    /** A Free account: [account id, bearer]. */
    private static String[] freeAccount() {
        JsonPath created = given().header("Authorization", TestAccounts.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("account_name", "free", "billing_plan", "Free")).post("/v1/admin/accounts").then().statusCode(201)
                .extract().jsonPath();
        given().header("Authorization", TestAccounts.ADMIN).contentType(ContentType.JSON).body("{\"credits\": 5}")
                .post("/v1/admin/accounts/{id}/grants", created.getString("data.account_id")).then().statusCode(200);
        return new String[] {created.getString("data.account_id"), "Bearer " + created.getString("data.apikey.apikey_key")};
    }

    private static Response submit(String bearer) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON).body("{\"generation_prompt\":\"slow\"}")
                .post("/v1/generate/image/bfl/flux-schnell");
    }

    private static String status(String bearer, String generationId) {
        return given().header("Authorization", bearer).get("/v1/content/{id}", generationId).then().statusCode(200).extract()
                .jsonPath().getString("data.generation_status");
    }

    private static long generations(String bearer) {
        return given().header("Authorization", bearer).get("/v1/content/list").then().statusCode(200).extract().jsonPath()
                .getLong("total");
    }

    @Test
    void inFlightCapIsExactUnderConcurrentSubmits() throws Exception {
        String bearer = freeAccount()[1];
        int parallel = 16;
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                calls.add(() -> submit(bearer).statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            assertEquals(2, statuses.stream().filter(s -> s == 200).count(), "exactly the Free cap of 2 is admitted: " + statuses);
            assertEquals(parallel - 2, statuses.stream().filter(s -> s == 429).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, generations(bearer), "refused submits leave no generation behind");
    }

    /**
     * A Scale account (cap 50) under 80 parallel submits admits exactly 50, its counter is one row holding 50, and each
     * terminal event frees exactly one slot.
     */
    @Test
    void inFlightCapIsExactAtAScaleCap() throws Exception {
        JsonPath created = given().header("Authorization", TestAccounts.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("account_name", "scale", "billing_plan", "Scale")).post("/v1/admin/accounts").then().statusCode(201)
                .extract().jsonPath();
        String accountId = created.getString("data.account_id");
        given().header("Authorization", TestAccounts.ADMIN).contentType(ContentType.JSON).body("{\"credits\": 100}")
                .post("/v1/admin/accounts/{id}/grants", accountId).then().statusCode(200);
        String bearer = "Bearer " + created.getString("data.apikey.apikey_key");
        int parallel = 80;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<String> admitted = new ArrayList<>();
        try {
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                calls.add(() -> submit(bearer));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Response> f : pool.invokeAll(calls)) {
                Response response = f.get();
                statuses.add(response.statusCode());
                if (response.statusCode() == 200) {
                    admitted.add(response.jsonPath().getString("data.generation_id"));
                }
            }
            assertEquals(50, admitted.size(), "exactly the Scale cap of 50 is admitted: " + statuses);
            assertEquals(parallel - 50, statuses.stream().filter(s -> s == 429).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        UUID account = UUID.fromString(accountId);
        assertEquals(1L, QuarkusTransaction.requiringNew().call(() -> sql.queryLong(
                "SELECT count(*) FROM account_in_flight WHERE account_id = ?", account).orElse(0L)), "one counter row");
        assertEquals(50L, inFlight(account));
        submit(bearer).then().statusCode(429).body("error.code", equalTo("BSE1009"));
        // an idempotent submit refused at the cap stores no answer: its retry is refused again, not replayed as accepted
        for (int i = 0; i < 2; i++) {
            given().header("Authorization", bearer).header("Idempotency-Key", "at-the-cap").contentType(ContentType.JSON)
                    .body("{\"generation_prompt\":\"slow\"}").post("/v1/generate/image/bfl/flux-schnell")
                    .then().statusCode(429).body("error.code", equalTo("BSE1009")).header("Idempotency-Replayed", (String) null);
        }
        // a refused submit leaves no record: the refusal rolls back the transaction that inserted it
        assertEquals(50L, QuarkusTransaction.requiringNew().call(() -> sql.queryLong(
                "SELECT count(*) FROM generations WHERE account_id = ?", account).orElse(0L)), "only the admitted generations exist");
        try (KafkaEvents events = new KafkaEvents(EmbeddedKafka.shared().bootstrapServers(), Topics.GENERATION_REQUESTS)) {
            for (String id : admitted.subList(0, 5)) {
                events.publish(new GenerationFailed(id, accountId, "bfl/flux-schnell", "BSE4003", "failed", List.of(), "router",
                        Instant.now()));
            }
            String last = admitted.get(4);
            await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(status(bearer, last)));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> inFlight(account) == 45L);
        for (int i = 0; i < 5; i++) {
            admitted.add(submit(bearer).then().statusCode(200).extract().jsonPath().getString("data.generation_id"));
        }
        submit(bearer).then().statusCode(429).body("error.code", equalTo("BSE1009"));
        // Exactly the admitted generations were requested: a refused submit's rolled-back transaction wrote no event either.
        // The relay publishes in append order, so any stray event of the first refusals comes before the last admitted one.
        try (KafkaEvents requests = new KafkaEvents(EmbeddedKafka.shared().bootstrapServers(), Topics.GENERATION_REQUESTS)) {
            java.util.function.Supplier<List<String>> requested = () -> requests.seen(GenerationRequested.class,
                    e -> e.accountId().equals(accountId)).stream().map(GenerationRequested::generationId).toList();
            await().atMost(Duration.ofSeconds(20)).until(() -> requested.get().containsAll(admitted));
            List<String> seen = requested.get();
            List<String> stray = seen.stream().filter(id -> !admitted.contains(id)).toList();
            assertEquals(List.of(), stray, "no GenerationRequested for a refused submit");
            assertEquals(admitted.size(), seen.size(), "one GenerationRequested per admitted generation");
        }
    }

    /**
     * A downgrade (Scale cap 50 → Free cap 2) with 20 generations in flight, counted on a shard row the previous release
     * (sharded counter, V13) may leave during a rolling update: nothing is admitted until the account is back below the
     * new cap, and the releases drain that row before the account's own.
     */
    @Test
    void aDowngradedPlanAdmitsOnlyBelowItsNewCap() {
        JsonPath created = given().header("Authorization", TestAccounts.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("account_name", "downgrade", "billing_plan", "Scale")).post("/v1/admin/accounts").then().statusCode(201)
                .extract().jsonPath();
        String accountId = created.getString("data.account_id");
        given().header("Authorization", TestAccounts.ADMIN).contentType(ContentType.JSON).body("{\"credits\": 100}")
                .post("/v1/admin/accounts/{id}/grants", accountId).then().statusCode(200);
        String bearer = "Bearer " + created.getString("data.apikey.apikey_key");
        List<String> admitted = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            admitted.add(submit(bearer).then().statusCode(200).extract().jsonPath().getString("data.generation_id"));
        }
        UUID account = UUID.fromString(accountId);
        QuarkusTransaction.requiringNew().run(() -> sql.update("UPDATE accounts SET billing_plan = 'Free' WHERE account_id = ?", account));
        // the 20 counted where the previous release put them: a shard beyond 0
        QuarkusTransaction.requiringNew().run(() -> {
            sql.update("INSERT INTO account_in_flight (account_id, shard, generations) SELECT account_id, 15, generations "
                    + "FROM account_in_flight WHERE account_id = ? AND shard = 0", account);
            sql.update("UPDATE account_in_flight SET generations = 0 WHERE account_id = ? AND shard = 0", account);
        });
        assertEquals(20L, inFlight(account));
        submit(bearer).then().statusCode(429).body("error.code", equalTo("BSE1009"));
        try (KafkaEvents events = new KafkaEvents(EmbeddedKafka.shared().bootstrapServers(), Topics.GENERATION_REQUESTS)) {
            for (String id : admitted.subList(0, 18)) {
                events.publish(new GenerationFailed(id, accountId, "bfl/flux-schnell", "BSE4003", "failed", List.of(), "router",
                        Instant.now()));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> inFlight(account) == 2L);
            submit(bearer).then().statusCode(429).body("error.code", equalTo("BSE1009"));
            events.publish(new GenerationFailed(admitted.get(18), accountId, "bfl/flux-schnell", "BSE4003", "failed", List.of(),
                    "router", Instant.now()));
            await().atMost(Duration.ofSeconds(20)).until(() -> inFlight(account) == 1L);
        }
        assertEquals(1L, counted(account, 15), "the releases drained the other shard first");
        submit(bearer).then().statusCode(200);
        assertEquals(1L, counted(account, 0), "a new slot is taken on the account's own row");
        submit(bearer).then().statusCode(429).body("error.code", equalTo("BSE1009"));
    }

    /** What one counter row of the account holds. */
    private long counted(UUID account, int shard) {
        return QuarkusTransaction.requiringNew().call(() -> sql.queryLong(
                "SELECT generations FROM account_in_flight WHERE account_id = ? AND shard = ?", account, shard).orElse(0L));
    }

    /** The account's generations in flight: the sum of its counter rows. */
    private long inFlight(UUID account) {
        return QuarkusTransaction.requiringNew().call(() -> sql.queryLong(
                "SELECT coalesce(sum(generations), 0) FROM account_in_flight WHERE account_id = ?", account).orElse(0L));
    }

    @Test
    void aTerminalEventGivesTheSlotBackExactlyOnce() {
        String[] account = freeAccount();
        String bearer = account[1];
        String first = submit(bearer).then().statusCode(200).extract().jsonPath().getString("data.generation_id");
        String second = submit(bearer).then().statusCode(200).extract().jsonPath().getString("data.generation_id");
        submit(bearer).then().statusCode(429).body("error.code", equalTo("BSE1009"));
        try (KafkaEvents events = new KafkaEvents(EmbeddedKafka.shared().bootstrapServers(), Topics.GENERATION_REQUESTS)) {
            GenerationSucceeded done = new GenerationSucceeded(first, account[0], "bfl/flux-schnell", "bfl", "pred-1",
                    List.of("https://cdn.test/a.png"), 1.0, Instant.now(), Instant.now());
            events.publish(done);
            await().atMost(Duration.ofSeconds(20)).until(() -> "succeeded".equals(status(bearer, first)));
            // the same terminal fact again, and a contradicting one: terminal states never change, no second slot
            events.publish(done);
            events.publish(new GenerationFailed(first, account[0], "bfl/flux-schnell", "BSE4003", "late", List.of(), "router",
                    Instant.now()));
            String third = submit(bearer).then().statusCode(200).extract().jsonPath().getString("data.generation_id");
            // a marker after the duplicates: once it is applied, the duplicates before it have been too
            events.publish(new GenerationFailed(second, account[0], "bfl/flux-schnell", "BSE4003", "failed", List.of(), "router",
                    Instant.now()));
            await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(status(bearer, second)));
            assertEquals("succeeded", status(bearer, first));
            submit(bearer).then().statusCode(200);
            submit(bearer).then().statusCode(429).body("error.code", equalTo("BSE1009"));
            assertEquals("pending", status(bearer, third));
        }
    }

    @Test
    void accountRequestLimitAnswers429WithRetryAfterAndHeaders() {
        String key = freeKey();
        Response last = null;
        String previousRemaining = null;
        // 60 per window; a window boundary may reset the count once, so 121 requests always reach a 429
        for (int i = 0; i < 121; i++) {
            last = given().header("Authorization", key).get("/v1/status");
            if (last.statusCode() != 200) {
                break;
            }
            String remaining = last.getHeader("X-RateLimit-Remaining");
            if (previousRemaining != null && Integer.parseInt(remaining) < 59) {
                assertEquals(Integer.parseInt(previousRemaining) - 1, Integer.parseInt(remaining), "remaining counts down");
            }
            previousRemaining = remaining;
        }
        assertEquals("0", previousRemaining, "the 429 comes right after the last allowed request");
        last.then().statusCode(429).body("error.code", equalTo("BSE1005")).body("error.type", equalTo("rate_limit_exceeded"))
                .body("error.retryable", equalTo(true)).body("error.details.limit", equalTo(60))
                .body("error.details.retry_after_seconds", notNullValue())
                .header("Retry-After", notNullValue()).header("X-RateLimit-Limit", "60").header("X-RateLimit-Remaining", "0")
                .header("X-RateLimit-Reset", notNullValue());
        assertTrue(Integer.parseInt(last.getHeader("Retry-After")) <= 60);
    }

    @Test
    void inFlightCapAnswersBse1009() {
        String key = freeKey();
        String body = "{\"generation_prompt\":\"slow\"}";
        given().header("Authorization", key).contentType(ContentType.JSON).body(body).post("/v1/generate/image/bfl/flux-schnell")
                .then().statusCode(200);
        given().header("Authorization", key).contentType(ContentType.JSON).body(body).post("/v1/generate/image/bfl/flux-schnell")
                .then().statusCode(200);
        given().header("Authorization", key).contentType(ContentType.JSON).body(body).post("/v1/generate/image/bfl/flux-schnell")
                .then().statusCode(429).body("error.code", equalTo("BSE1009")).body("error.retryable", equalTo(true))
                .header("Retry-After", notNullValue());
    }
}
