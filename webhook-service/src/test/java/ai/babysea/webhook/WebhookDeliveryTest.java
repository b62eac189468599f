package ai.babysea.webhook;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.contracts.Ids;
import ai.babysea.contracts.Json;
import ai.babysea.contracts.events.EventEnvelope;
import ai.babysea.contracts.events.GenerationAttemptFailed;
import ai.babysea.contracts.events.GenerationCanceled;
import ai.babysea.contracts.events.GenerationFailed;
import ai.babysea.contracts.events.GenerationStarted;
import ai.babysea.contracts.events.GenerationSucceeded;
import ai.babysea.embedded.EmbeddedKafka;
import ai.babysea.testing.KafkaEvents;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import ai.babysea.webhook.client.BabySeaWebhooks;
import ai.babysea.webhook.client.WebhookEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Wiring: the real webhook-service against the in-JVM Kafka broker and embedded PostgreSQL; the test
 * registers endpoints through the internal REST API, publishes generation events as the router would, and
 * a local receiver checks what arrives on the wire.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "webhook"))
class WebhookDeliveryTest {
    static final String TOKEN = "Bearer local-internal-token";
    static KafkaEvents events;
    static Receiver receiver;

    @BeforeAll
    static void start() {
        events = new KafkaEvents(EmbeddedKafka.shared().bootstrapServers());
        receiver = new Receiver();
    }

    @AfterAll
    static void stop() {
        events.close();
        receiver.close();
    }

    /** Registers an endpoint and returns its create response. */
    static JsonNode createEndpoint(String account, String url, List<String> eventsToSubscribe) throws Exception {
        Map<String, Object> body = eventsToSubscribe == null ? Map.of("url", url) : Map.of("url", url, "events", eventsToSubscribe);
        String response = given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(body)
                .post("/internal/accounts/{account}/endpoints", account)
                .then().statusCode(201).extract().asString();
        return Json.mapper().readTree(response);
    }

    static String account() {
        return "acct-" + Ids.uuidV7();
    }

    @Test
    void deliversEachGenerationEventOnceWithTheContractEnvelopeHeadersAndSignature() throws Exception {
        String account = account();
        String path = "/events/" + account;
        JsonNode endpoint = createEndpoint(account, receiver.url(path), null);
        String secret = endpoint.get("secret").asText();
        assertTrue(secret.matches("whsec_[A-Za-z0-9]{32}"), secret);
        assertEquals(List.of("generation.started", "generation.completed", "generation.failed", "generation.canceled"),
                Json.mapper().convertValue(endpoint.get("events"), List.class));

        String succeededId = Ids.uuidV7().toString();
        String failedId = Ids.uuidV7().toString();
        String canceledId = Ids.uuidV7().toString();
        Instant now = Instant.now();
        events.publish(new GenerationStarted(succeededId, account, "bfl/flux-schnell", "bfl", "pred-1", 1, now));
        events.publish(new GenerationAttemptFailed(succeededId, account, "bfl/flux-schnell", "bfl", "pred-1", 1, "BSE4004",
                "rate limited", true, 120, now));
        events.publish(new GenerationSucceeded(succeededId, account, "bfl/flux-schnell", "replicate", "pred-2",
                List.of("https://cdn.local/0.png", "https://cdn.local/1.png"), 1.2, now, now));
        events.publish(new GenerationFailed(failedId, account, "bfl/flux-schnell", "BSE4003", "Every provider in the chain failed.",
                List.of(), GenerationFailed.BY_ROUTER, now));
        events.publish(new GenerationCanceled(canceledId, account, "bfl/flux-schnell", null, false, true, now));

        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.at(path).size() >= 4);
        List<WebhookEvent> verified = new ArrayList<>();
        for (Receiver.Received r : receiver.at(path)) {
            WebhookEvent event = BabySeaWebhooks.verify(r.body(), r.header("X-BabySea-Signature"), secret, Duration.ofSeconds(60));
            verified.add(event);
            assertEquals("application/json", r.header("Content-Type"));
            assertEquals(event.event(), r.header("X-BabySea-Event"));
            assertEquals(event.deliveryId(), r.header("X-BabySea-Delivery-Id"));
            assertEquals(event.timestamp(), r.header("X-BabySea-Timestamp"));
            assertTrue(event.timestamp().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), event.timestamp());
            assertTrue(r.header("X-BabySea-Signature").matches("t=\\d+,v1=[0-9a-f]{64}"));
            // Envelope field order and nothing else at the top level.
            List<String> fields = new ArrayList<>();
            Json.mapper().readTree(r.body()).fieldNames().forEachRemaining(fields::add);
            assertEquals(List.of("webhook_event", "webhook_timestamp", "webhook_delivery_id", "webhook_data"), fields);
        }
        Map<String, JsonNode> byEvent = new java.util.HashMap<>();
        verified.forEach(v -> byEvent.put(v.event(), v.data()));
        assertEquals(4, byEvent.size(), byEvent.keySet().toString());
        assertEquals(Json.mapper().readTree("{\"account_id\":\"" + account + "\",\"model_identifier\":\"bfl/flux-schnell\","
                + "\"generation_id\":\"" + succeededId + "\",\"generation_status\":\"processing\","
                + "\"generation_provider_initialize\":\"bfl\",\"generation_prediction_id\":\"pred-1\"}"), byEvent.get("generation.started"));
        assertEquals(Json.mapper().readTree("{\"account_id\":\"" + account + "\",\"model_identifier\":\"bfl/flux-schnell\","
                + "\"generation_id\":\"" + succeededId + "\",\"generation_status\":\"succeeded\",\"generation_provider_used\":\"replicate\","
                + "\"generation_prediction_id\":\"pred-2\",\"generation_output_file\":[\"https://cdn.local/0.png\",\"https://cdn.local/1.png\"]}"),
                byEvent.get("generation.completed"));
        assertEquals(Json.mapper().readTree("{\"account_id\":\"" + account + "\",\"model_identifier\":\"bfl/flux-schnell\","
                + "\"generation_id\":\"" + failedId + "\",\"generation_status\":\"failed\","
                + "\"generation_error\":\"Every provider in the chain failed.\",\"generation_error_code\":\"BSE4003\"}"),
                byEvent.get("generation.failed"));
        // No prediction id was known at cancel time: the field is omitted, not null.
        assertEquals(Json.mapper().readTree("{\"account_id\":\"" + account + "\",\"model_identifier\":\"bfl/flux-schnell\","
                + "\"generation_id\":\"" + canceledId + "\",\"generation_status\":\"canceled\",\"credits_refunded\":true}"),
                byEvent.get("generation.canceled"));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> receiver.at(path).size() == 4);
    }

    @Test
    void duplicateAndLateTerminalEventsProduceOneDelivery() throws Exception {
        String account = account();
        String path = "/dupes/" + account;
        createEndpoint(account, receiver.url(path), null);
        String generationId = Ids.uuidV7().toString();
        GenerationSucceeded succeeded = new GenerationSucceeded(generationId, account, "bfl/flux-schnell", "bfl", "p",
                List.of("https://cdn.local/0.png"), 1.0, Instant.now(), Instant.now());
        EventEnvelope envelope = EventEnvelope.wrap(succeeded);
        events.publish(envelope);
        events.publish(envelope);
        events.publish(succeeded);
        events.publish(new GenerationFailed(generationId, account, "bfl/flux-schnell", "BSE4003", "late", List.of(),
                GenerationFailed.BY_ROUTER, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.at(path).size() >= 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> receiver.at(path).size() == 1);
        assertEquals("generation.completed", receiver.at(path).get(0).header("X-BabySea-Event"));
    }

    @Test
    void failingReceiverIsRetriedOnTheFastScheduleWithTheSameDeliveryId() throws Exception {
        String account = account();
        String path = "/failing/" + account;
        receiver.respond(path, 503);
        createEndpoint(account, receiver.url(path), null);
        events.publish(new GenerationFailed(Ids.uuidV7().toString(), account, "bfl/flux-schnell", "BSE4003", "x", List.of(),
                GenerationFailed.BY_ROUTER, Instant.now()));
        // fast phase: 0, 0.5, 1.5, 3, 5 s; the test profile's tail adds one attempt 2 s later.
        await().atMost(Duration.ofSeconds(40)).until(() -> receiver.at(path).size() >= 6);
        List<Receiver.Received> attempts = receiver.at(path);
        assertEquals(1, attempts.stream().map(r -> r.header("X-BabySea-Delivery-Id")).distinct().count());
        assertEquals(1, attempts.stream().map(Receiver.Received::body).distinct().count());
        // The fast phase is exact; the tail step (2 s in the test profile) carries the +/-20 % jitter.
        long[] earliestMs = {500, 1500, 3000, 5000, 1600};
        long[] latestMs = {500, 1500, 3000, 5000, 2400};
        for (int i = 1; i < attempts.size(); i++) {
            long gapMs = (attempts.get(i).receivedAtNanos() - attempts.get(i - 1).receivedAtNanos()) / 1_000_000;
            // Never early; the upper bound allows the poll interval and scheduling noise on a loaded machine.
            assertTrue(gapMs >= earliestMs[i - 1] - 20 && gapMs <= latestMs[i - 1] + 1_500,
                    "gap " + i + " was " + gapMs + " ms, expected " + earliestMs[i - 1] + "-" + latestMs[i - 1]);
        }
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> receiver.at(path).size() == 6);
    }

    @Test
    void internalRestNeedsTheServiceTokenAndRefusesUnsafeUrls() {
        String account = account();
        given().contentType(ContentType.JSON).body(Map.of("url", "https://example.com/hook"))
                .post("/internal/accounts/{account}/endpoints", account)
                .then().statusCode(401).body("error.code", equalTo("BSE1002"));
        for (String url : List.of("http://user:pass@example.com/hook", "ftp://example.com/hook", "http://10.0.0.1/hook",
                "http://[::ffff:127.0.0.1]/hook", "http://169.254.169.254/latest/meta-data", "not a url")) {
            given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(Map.of("url", url))
                    .post("/internal/accounts/{account}/endpoints", account)
                    .then().statusCode(400).body("error.code", equalTo("BSE2001")).body("error.details.field", equalTo("url"));
        }
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(Map.of("url", "https://example.com/hook", "events", List.of("webhook.test")))
                .post("/internal/accounts/{account}/endpoints", account)
                .then().statusCode(400).body("error.details.field", equalTo("events"));
        given().header("Authorization", TOKEN).get("/internal/accounts/{account}/endpoints", account)
                .then().statusCode(200).body("endpoints", hasSize(0));
    }

    @Test
    void listShowsEndpointsWithoutSecrets() throws Exception {
        String account = account();
        createEndpoint(account, "https://example.com/hook", List.of("generation.completed", "credits.low_balance"));
        String listed = given().header("Authorization", TOKEN).get("/internal/accounts/{account}/endpoints", account)
                .then().statusCode(200).body("endpoints", hasSize(1)).body("endpoints[0].secret", nullValue())
                .body("endpoints[0].enabled", equalTo(true)).extract().asString();
        assertFalse(listed.contains("whsec_"));
    }
}
