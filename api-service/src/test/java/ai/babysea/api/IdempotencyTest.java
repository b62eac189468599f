package ai.babysea.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.api.TestAccounts.TestAccount;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Wiring: same application as {@link GenerationPipelineTest}; `Idempotency-Key` as docs/api/README.md describes it, including concurrent duplicates. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "api"))
@WithTestResource(StubServices.class)
@WithTestResource(EmbeddedRedis.class)
class IdempotencyTest {
    private static final String BODY = "{\"generation_prompt\":\"same request\"}";

    @Inject
    AgroalDataSource dataSource;

    private static Response post(TestAccount account, String key, String body) {
        return given().header("Authorization", account.bearer()).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/v1/generate/image/bfl/flux-schnell");
    }

    @Test
    void replaysTheOriginalAnswerWithTheReplayHeader() {
        TestAccount account = TestAccounts.create("full_access", "10");
        Response first = post(account, "order-1", BODY);
        first.then().statusCode(200);
        Response second = post(account, "order-1", BODY);
        second.then().statusCode(200).header("Idempotency-Replayed", "true");
        assertEquals(first.asString(), second.asString(), "the original answer, byte for byte");
        assertEquals(null, first.getHeader("Idempotency-Replayed"));
        // keys are per account: another account's identical key is independent
        TestAccount other = TestAccounts.create("full_access", "10");
        post(other, "order-1", BODY).then().statusCode(200).header("Idempotency-Replayed", (String) null);
        assertEquals(1, generations(account));
    }

    /**
     * With an Idempotency-Key, the submit's transaction stores the answer with the generation, so the retry replays it
     * instead of finding the key still in flight (BSE2016).
     */
    @Test
    void theSubmitStoresTheIdempotentAnswerWithItsGeneration() throws Exception {
        TestAccount account = TestAccounts.create("full_access", "10");
        Response first = post(account, "order-2", BODY);
        first.then().statusCode(200);
        String generationId = first.jsonPath().getString("data.generation_id");
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT generation_id, response_status, response_body FROM idempotency_keys "
                     + "WHERE idempotency_key = 'order-2' AND generation_id = ?")) {
            s.setObject(1, UUID.fromString(generationId));
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next(), "the answer is stored with its generation");
                assertEquals(200, rs.getInt("response_status"));
                assertEquals(first.asString(), rs.getString("response_body"));
            }
        }
        post(account, "order-2", BODY).then().statusCode(200).header("Idempotency-Replayed", "true")
                .body("data.generation_id", equalTo(generationId));
        assertEquals(1, generations(account));
    }

    @Test
    void rejectsReusedIdempotencyKeyWithDifferentBody() {
        TestAccount account = TestAccounts.create("full_access", "10");
        post(account, "k-2", BODY).then().statusCode(200);
        post(account, "k-2", "{\"generation_prompt\":\"another request\"}").then().statusCode(409)
                .body("error.code", equalTo("BSE2015")).body("error.retryable", equalTo(false));
        assertEquals(1, generations(account));
    }

    @Test
    void failedRequestsReleaseTheKeyAndBadKeysAreRejected() {
        TestAccount account = TestAccounts.create("full_access", "10");
        post(account, "k-3", "{\"generation_prompt\":\"x\",\"generation_ratio\":\"7:1\"}").then().statusCode(422);
        post(account, "k-3", BODY).then().statusCode(200).header("Idempotency-Replayed", (String) null);
        post(account, "has spaces", BODY).then().statusCode(400).body("error.details.field", equalTo("Idempotency-Key"));
        post(account, "x".repeat(256), BODY).then().statusCode(400);
    }

    @Test
    void concurrentDuplicatesCreateExactlyOneGeneration() throws Exception {
        TestAccount account = TestAccounts.create("full_access", "10");
        int parallel = 12;
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> futures = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                return post(account, "burst-1", BODY);
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Future<Response> future : futures) {
            Response response = future.get();
            statuses.add(response.statusCode());
            if (response.statusCode() == 200) {
                ids.add(response.jsonPath().getString("data.generation_id"));
            } else {
                assertEquals(409, response.statusCode(), response.asString());
                assertEquals("BSE2016", response.jsonPath().getString("error.code"));
                assertEquals(true, response.jsonPath().getBoolean("error.retryable"));
            }
        }
        pool.shutdown();
        assertTrue(!ids.isEmpty(), statuses.toString());
        assertEquals(1, ids.stream().distinct().count(), "every 200 names the same generation: " + ids);
        assertEquals(1, generations(account), "exactly one generation: " + statuses);
        // after the dust settles the key replays
        post(account, "burst-1", BODY).then().statusCode(200).header("Idempotency-Replayed", "true")
                .body("data.generation_id", equalTo(ids.get(0)));
    }

    private long generations(TestAccount account) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM generations WHERE account_id = ?")) {
            statement.setObject(1, UUID.fromString(account.accountId()));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
