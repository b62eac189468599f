package ai.babysea.ledger;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.babysea.contracts.Ids;
import ai.babysea.contracts.Topics;
import ai.babysea.contracts.events.CreditsPosted;
import ai.babysea.contracts.events.CreditsReserved;
import ai.babysea.contracts.events.CreditsVoided;
import ai.babysea.contracts.events.EventEnvelope;
import ai.babysea.contracts.events.GenerationAdmitted;
import ai.babysea.contracts.events.GenerationCancelForwarded;
import ai.babysea.contracts.events.GenerationCancelRequested;
import ai.babysea.contracts.events.GenerationFailed;
import ai.babysea.contracts.events.GenerationParameters;
import ai.babysea.contracts.events.GenerationRequested;
import ai.babysea.contracts.events.GenerationSucceeded;
import ai.babysea.ledger.reconciliation.ReconciliationService;
import ai.babysea.embedded.EmbeddedKafka;
import ai.babysea.testing.KafkaEvents;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Wiring: the real ledger-service against the in-JVM Kafka broker and embedded PostgreSQL; the
 * test publishes pipeline events as the other services would and watches the topics the ledger writes.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "ledger"))
class LedgerPipelineTest {
    private static final String TOKEN = "Bearer local-internal-token";
    private static KafkaEvents events;

    @BeforeAll
    static void observe() {
        events = new KafkaEvents(EmbeddedKafka.shared().bootstrapServers(), Topics.GENERATION_DISPATCH, Topics.GENERATION_EVENTS,
                Topics.LEDGER_EVENTS);
    }

    @AfterAll
    static void close() {
        events.close();
    }

    @Inject
    ReconciliationService reconciliation;

    @AfterEach
    void reconciled() {
        LedgerTesting.assertReconciled(reconciliation);
    }

    private static GenerationRequested request(String account, long cost) {
        String id = Ids.uuidV7().toString();
        return new GenerationRequested(id, account, "bfl/flux-schnell", "image",
                new GenerationParameters("a seal", "1:1", "png", 1, List.of(), null, null, null, Map.of()),
                List.of("bfl", "replicate"), false, cost, Instant.now());
    }

    private static void grant(String account, String key, long micros) {
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(Map.of("grant_key", key, "amount_micros", micros))
                .post("/internal/accounts/{id}/grants", account)
                .then().statusCode(200);
    }

    private static long available(String account) {
        return given().header("Authorization", TOKEN).get("/internal/accounts/{id}/balance", account)
                .then().statusCode(200).extract().jsonPath().getLong("available_micros");
    }

    @Test
    void reservesAdmitsAndPostsOnSuccessExactlyOnceUnderRedelivery() {
        String account = "acct-" + Ids.uuidV7();
        grant(account, "welcome:" + account, 1_000_000);
        GenerationRequested request = request(account, 10_000);
        EventEnvelope envelope = EventEnvelope.wrap(request);
        events.publish(envelope);
        events.publish(envelope);

        await().atMost(Duration.ofSeconds(90)).until(() ->
                !events.seen(GenerationAdmitted.class, a -> a.generationId().equals(request.generationId())).isEmpty());
        assertEquals(990_000, available(account));

        GenerationSucceeded succeeded = new GenerationSucceeded(request.generationId(), account, "bfl/flux-schnell", "bfl", "p1",
                List.of("http://x/0.png"), 1.0, Instant.now(), Instant.now());
        events.publish(succeeded);
        events.publish(succeeded);
        await().atMost(Duration.ofSeconds(90)).until(() ->
                !events.seen(CreditsPosted.class, p -> p.generationId().equals(request.generationId())).isEmpty());
        // a failure arriving after the success is ignored: terminal is terminal
        events.publish(new GenerationFailed(request.generationId(), account, "bfl/flux-schnell", "BSE4003", "late", List.of(),
                GenerationFailed.BY_ROUTER, Instant.now()));
        given().header("Authorization", TOKEN).get("/internal/accounts/{id}/balance", account).then()
                .body("available_micros", equalTo(990_000)).body("held_micros", equalTo(0)).body("spent_micros", equalTo(10_000));
        assertEquals(1, events.seen(GenerationAdmitted.class, a -> a.generationId().equals(request.generationId())).size());
    }

    @Test
    void rejectsWithInsufficientCreditsAndVoidsOnFailure() {
        String account = "acct-" + Ids.uuidV7();
        grant(account, "welcome:" + account, 15_000);
        GenerationRequested one = request(account, 10_000);
        GenerationRequested other = request(account, 10_000);
        events.publish(one);
        events.publish(other);
        // different generations are different message keys, so possibly different partitions and consumer threads:
        // which of the two reserves first is not defined — exactly one must win and the other be rejected
        await().atMost(Duration.ofSeconds(90)).until(() ->
                events.seen(GenerationFailed.class, f -> f.generationId().equals(one.generationId())
                        || f.generationId().equals(other.generationId())).size()
                        + events.seen(GenerationAdmitted.class, a -> a.generationId().equals(one.generationId())
                        || a.generationId().equals(other.generationId())).size() == 2);
        boolean oneWon = !events.seen(GenerationAdmitted.class, a -> a.generationId().equals(one.generationId())).isEmpty();
        GenerationRequested first = oneWon ? one : other;
        GenerationRequested second = oneWon ? other : one;
        assertEquals(1, events.seen(GenerationAdmitted.class, a -> a.generationId().equals(first.generationId())).size());
        assertEquals(List.of(), events.seen(GenerationAdmitted.class, a -> a.generationId().equals(second.generationId())));
        GenerationFailed rejected = events.seen(GenerationFailed.class, f -> f.generationId().equals(second.generationId())).get(0);
        assertEquals("BSE1004", rejected.errorCode());
        assertEquals(5_000, available(account));

        events.publish(new GenerationFailed(first.generationId(), account, "bfl/flux-schnell", "BSE4003", "all failed", List.of(),
                GenerationFailed.BY_ROUTER, Instant.now()));
        await().atMost(Duration.ofSeconds(90)).until(() ->
                !events.seen(CreditsVoided.class, v -> v.generationId().equals(first.generationId())).isEmpty());
        assertEquals(15_000, available(account));
    }

    @Test
    void forwardsCancelBehindTheAdmission() {
        String account = "acct-" + Ids.uuidV7();
        grant(account, "welcome:" + account, 100_000);
        GenerationRequested request = request(account, 10_000);
        events.publish(request);
        events.publish(new GenerationCancelRequested(request.generationId(), account, Instant.now()));
        await().atMost(Duration.ofSeconds(90)).until(() ->
                !events.seen(GenerationCancelForwarded.class, c -> c.generationId().equals(request.generationId())).isEmpty());
        List<String> order = events.seen().stream().filter(e -> request.generationId().equals(e.aggregateId())
                && e.eventType().startsWith("generation.")).map(EventEnvelope::eventType).toList();
        assertEquals(List.of("generation.admitted", "generation.cancel_forwarded"), order);
    }

    @Test
    void redeliveredRequestWithAnotherCostChangesNothing() {
        String account = "acct-" + Ids.uuidV7();
        grant(account, "welcome:" + account, 1_000_000);
        GenerationRequested request = request(account, 10_000);
        events.publish(request);
        await().atMost(Duration.ofSeconds(90)).until(() ->
                !events.seen(GenerationAdmitted.class, a -> a.generationId().equals(request.generationId())).isEmpty());
        // the same generation (same derived transfer id) in a new envelope with another cost: exists_with_different_cost
        events.publish(new GenerationRequested(request.generationId(), account, request.modelIdentifier(), request.mediaType(),
                request.parameters(), request.providerOrder(), false, 20_000, Instant.now()));
        LedgerTesting.awaitConsumed();
        assertEquals(990_000, available(account));
        assertEquals(1, events.seen(GenerationAdmitted.class, a -> a.generationId().equals(request.generationId())).size());
        assertEquals(1, events.seen(CreditsReserved.class, r -> r.generationId().equals(request.generationId())).size());
    }

    @Test
    void grantIsIdempotentByKeyAndConflictsNameTheField() {
        String account = "acct-" + Ids.uuidV7();
        grant(account, "invoice:" + account, 500_000);
        grant(account, "invoice:" + account, 500_000);
        assertEquals(500_000, available(account));
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(Map.of("grant_key", "invoice:" + account, "amount_micros", 7))
                .post("/internal/accounts/{id}/grants", account)
                .then().statusCode(409).body("error.code", equalTo("BSE3008")).body("error.details.field", equalTo("amount_micros"));
        given().contentType(ContentType.JSON).get("/internal/accounts/{id}/balance", account).then().statusCode(401)
                .body("error.code", equalTo("BSE1002"));
    }
}
