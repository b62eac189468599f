package ai.babysea.webhook;

import static ai.babysea.webhook.WebhookDeliveryTest.TOKEN;
import static ai.babysea.webhook.WebhookDeliveryTest.account;
import static ai.babysea.webhook.WebhookDeliveryTest.createEndpoint;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.contracts.Ids;
import ai.babysea.contracts.events.GenerationCanceled;
import ai.babysea.contracts.events.GenerationFailed;
import ai.babysea.contracts.events.GenerationStarted;
import ai.babysea.contracts.events.LowBalanceCrossed;
import ai.babysea.embedded.EmbeddedKafka;
import ai.babysea.testing.KafkaEvents;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import ai.babysea.webhook.client.BabySeaWebhooks;
import ai.babysea.webhook.client.WebhookEvent;
import ai.babysea.webhook.client.WebhookVerificationException;
import ai.babysea.webhook.delivery.DeliveryWorker;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Wiring as {@link WebhookDeliveryTest} (same resources, so the same application start): endpoint management,
 * auto-disable and the queue, replay and test events, the delivery log, low-balance opt-in, isolation of a
 * hanging receiver, redirects, and a delivery left behind by a crash.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "webhook"))
class WebhookLifecycleTest {
    static KafkaEvents events;
    static Receiver receiver;

    @Inject
    DeliveryWorker worker;
    @Inject
    AgroalDataSource dataSource;

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

    static String base(String account, String endpointId) {
        return "/internal/accounts/" + account + "/endpoints/" + endpointId;
    }

    static JsonPath get(String path) {
        return given().header("Authorization", TOKEN).get(path).then().statusCode(200).extract().jsonPath();
    }

    static JsonPath post(String path, int status) {
        return given().header("Authorization", TOKEN).contentType(ContentType.JSON).post(path).then().statusCode(status).extract().jsonPath();
    }

    static GenerationFailed failed(String account) {
        return new GenerationFailed(Ids.uuidV7().toString(), account, "bfl/flux-schnell", "BSE4003", "all failed", List.of(),
                GenerationFailed.BY_ROUTER, Instant.now());
    }

    private void sql(String statement, Object... params) throws Exception {
        try (Connection connection = dataSource.getConnection(); PreparedStatement ps = connection.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }

    @Test
    void autoDisablesAfterFifteenConsecutiveFailuresQueuesAndDeliversQueuedWithFreshIdsAndSignatures() throws Exception {
        String account = account();
        String path = "/disable/" + account;
        receiver.respond(path, 500);
        var endpoint = createEndpoint(account, receiver.url(path), null);
        String id = endpoint.get("endpoint_id").asText();
        String secret = endpoint.get("secret").asText();
        for (int i = 0; i < 3; i++) {
            events.publish(failed(account));
        }
        // 3 deliveries x 5 fast attempts = 15 consecutive failures, then the endpoint is disabled.
        await().atMost(Duration.ofSeconds(40)).until(() -> !get(base(account, id)).getBoolean("enabled"));
        JsonPath disabled = get(base(account, id));
        assertEquals("consecutive_failures", disabled.getString("disabled_reason"));
        assertEquals(15, disabled.getInt("consecutive_failures"));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> receiver.at(path).size() == 15);
        Set<String> originalIds = new HashSet<>(receiver.at(path).stream().map(r -> r.header("X-BabySea-Delivery-Id")).toList());
        assertEquals(3, originalIds.size());
        JsonPath log = get(base(account, id) + "/deliveries?status=failed");
        assertEquals(3, log.getInt("total"));
        assertEquals("endpoint disabled; event queued", log.getString("deliveries[0].last_error"));
        assertEquals(5, log.getList("deliveries[0].attempts").size());
        assertEquals(500, log.getInt("deliveries[0].attempts[4].status_code"));

        // While disabled, new events are queued, not sent.
        events.publish(new GenerationCanceled(Ids.uuidV7().toString(), account, "bfl/flux-schnell", "p", true, true, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> get(base(account, id) + "/queue?status=pending").getInt("total") == 4);
        assertEquals("BSE2018", post(base(account, id) + "/deliver-queued", 409).getString("error.code"));

        receiver.respond(path, 204);
        JsonPath enabled = post(base(account, id) + "/enable", 200);
        assertTrue(enabled.getBoolean("enabled"));
        assertEquals(0, enabled.getInt("consecutive_failures"));
        Instant redeliveredAfter = Instant.now().minusMillis(1);
        JsonPath result = post(base(account, id) + "/deliver-queued", 202);
        assertEquals(4, result.getInt("delivered"));
        assertEquals(0, result.getInt("remaining"));
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.at(path).size() == 19);
        List<Receiver.Received> redelivered = receiver.at(path).subList(15, 19);
        Set<String> freshIds = new HashSet<>();
        for (Receiver.Received r : redelivered) {
            WebhookEvent event = BabySeaWebhooks.verify(r.body(), r.header("X-BabySea-Signature"), secret, Duration.ofSeconds(60));
            freshIds.add(event.deliveryId());
            assertFalse(originalIds.contains(event.deliveryId()));
            assertFalse(Instant.parse(event.timestamp()).isBefore(redeliveredAfter.minusMillis(1)), event.timestamp());
        }
        assertEquals(4, freshIds.size());
        assertEquals(4, get(base(account, id) + "/queue?status=delivered").getInt("total"));
        await().atMost(Duration.ofSeconds(10)).until(() -> get(base(account, id) + "/deliveries?status=succeeded").getInt("total") == 4);
        assertEquals(0, get(base(account, id)).getInt("consecutive_failures"));
    }

    @Test
    void manuallyDisabledEndpointQueuesEventsWhichExpireAfterRetention() throws Exception {
        String account = account();
        String path = "/manual/" + account;
        String id = createEndpoint(account, receiver.url(path), null).get("endpoint_id").asText();
        JsonPath disabled = post(base(account, id) + "/disable", 200);
        assertFalse(disabled.getBoolean("enabled"));
        assertEquals("manual", disabled.getString("disabled_reason"));
        events.publish(failed(account));
        await().atMost(Duration.ofSeconds(20)).until(() -> get(base(account, id) + "/queue").getInt("total") == 1);
        JsonPath queue = get(base(account, id) + "/queue");
        assertEquals("pending", queue.getString("entries[0].status"));
        Duration retention = Duration.between(Instant.parse(queue.getString("entries[0].queued_at")),
                Instant.parse(queue.getString("entries[0].expires_at")));
        assertTrue(Math.abs(retention.minusHours(72).toSeconds()) < 5, retention.toString());
        // Time passes: the entry is past its 72 h.
        sql("UPDATE webhook_queue SET expires_at = now() - interval '1 second' WHERE endpoint_id = ?", UUID.fromString(id));
        assertEquals("expired", get(base(account, id) + "/queue").getString("entries[0].status"));
        post(base(account, id) + "/enable", 200);
        assertEquals(0, post(base(account, id) + "/deliver-queued", 202).getInt("delivered"));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> receiver.at(path).isEmpty());
    }

    @Test
    void testEventReplayAndTheDeliveryLogWithEveryAttempt() throws Exception {
        String account = account();
        String path = "/log/" + account;
        receiver.respondSequence(path, 500, 502);
        var endpoint = createEndpoint(account, receiver.url(path), null);
        String id = endpoint.get("endpoint_id").asText();
        String secret = endpoint.get("secret").asText();
        String deliveryId = post(base(account, id) + "/test", 202).getString("delivery_id");
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.at(path).size() == 3);
        for (Receiver.Received r : receiver.at(path)) {
            WebhookEvent event = BabySeaWebhooks.verify(r.body(), r.header("X-BabySea-Signature"), secret, Duration.ofSeconds(60));
            assertEquals("webhook.test", event.event());
            assertEquals(deliveryId, event.deliveryId());
            assertEquals("00000000-0000-0000-0000-000000000000", event.data().get("generation_id").asText());
            assertEquals(account, event.data().get("account_id").asText());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> "succeeded".equals(get(base(account, id) + "/deliveries/" + deliveryId).getString("status")));
        JsonPath delivery = get(base(account, id) + "/deliveries/" + deliveryId);
        assertEquals(3, delivery.getInt("attempt_count"));
        assertEquals(List.of(500, 502, 200), delivery.getList("attempts.status_code"));
        assertEquals(List.of("HTTP 500", "HTTP 502"), delivery.getList("attempts.error").subList(0, 2));
        assertTrue(delivery.getList("attempts.duration_ms", Integer.class).stream().allMatch(ms -> ms >= 0 && ms < 10_000));
        assertEquals("webhook.test", delivery.getString("payload.webhook_event"));
        assertEquals(0, get(base(account, id)).getInt("consecutive_failures"));

        String replayId = post(base(account, id) + "/deliveries/" + deliveryId + "/replay", 202).getString("delivery_id");
        assertFalse(replayId.equals(deliveryId));
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.at(path).size() == 4);
        Receiver.Received replayed = receiver.at(path).get(3);
        WebhookEvent event = BabySeaWebhooks.verify(replayed.body(), replayed.header("X-BabySea-Signature"), secret, Duration.ofSeconds(60));
        assertEquals(replayId, event.deliveryId());
        assertEquals(replayId, replayed.header("X-BabySea-Delivery-Id"));
        assertEquals("webhook.test", event.event());
        JsonPath page = get(base(account, id) + "/deliveries?limit=1");
        assertEquals(2, page.getInt("total"));
        assertEquals(replayId, page.getString("deliveries[0].delivery_id"));
        assertEquals("replay", page.getString("deliveries[0].origin"));
        given().header("Authorization", TOKEN).get(base(account, id) + "/deliveries?limit=0").then().statusCode(422)
                .body("error.code", equalTo("BSE2008"));
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).post(base(account, id) + "/deliveries/" + UUID.randomUUID() + "/replay")
                .then().statusCode(404).body("error.code", equalTo("BSE2017"));
    }

    @Test
    void rotateSecretUpdateAndDelete() throws Exception {
        String account = account();
        String path = "/rotate/" + account;
        var endpoint = createEndpoint(account, receiver.url(path), null);
        String id = endpoint.get("endpoint_id").asText();
        String oldSecret = endpoint.get("secret").asText();
        String newSecret = post(base(account, id) + "/rotate-secret", 200).getString("secret");
        assertFalse(newSecret.equals(oldSecret));
        post(base(account, id) + "/test", 202);
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.at(path).size() == 1);
        Receiver.Received r = receiver.at(path).get(0);
        BabySeaWebhooks.verify(r.body(), r.header("X-BabySea-Signature"), newSecret, Duration.ofSeconds(60));
        WebhookVerificationException old = assertThrows(WebhookVerificationException.class,
                () -> BabySeaWebhooks.verify(r.body(), r.header("X-BabySea-Signature"), oldSecret, Duration.ofSeconds(60)));
        assertEquals(WebhookVerificationException.Reason.SIGNATURE_MISMATCH, old.reason());

        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(Map.of("events", List.of("generation.completed", "credits.low_balance"), "description", "prod receiver"))
                .patch(base(account, id)).then().statusCode(200)
                .body("events", equalTo(List.of("generation.completed", "credits.low_balance")))
                .body("description", equalTo("prod receiver")).body("url", equalTo(receiver.url(path)));
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(Map.of("url", "http://192.168.0.10/hook"))
                .patch(base(account, id)).then().statusCode(400).body("error.details.field", equalTo("url"));
        given().header("Authorization", TOKEN).delete(base(account, id)).then().statusCode(200).body("deleted", equalTo(true));
        given().header("Authorization", TOKEN).get(base(account, id)).then().statusCode(404).body("error.code", equalTo("BSE2017"));
        given().header("Authorization", TOKEN).get(base(account, id) + "/deliveries").then().statusCode(404);
        given().header("Authorization", TOKEN).get("/internal/accounts/{a}/endpoints", account).then().body("endpoints", hasSize(0));
    }

    @Test
    void lowBalanceGoesOnlyToEndpointsThatOptedInWithCreditsAsThreeDecimalNumbers() throws Exception {
        String account = account();
        String defaultPath = "/lb-default/" + account;
        String optedPath = "/lb-opted/" + account;
        createEndpoint(account, receiver.url(defaultPath), null);
        String secret = createEndpoint(account, receiver.url(optedPath), List.of("credits.low_balance")).get("secret").asText();
        events.publish(new LowBalanceCrossed(account, 450_000, List.of(new LowBalanceCrossed.ThresholdCrossing(500_000, 450_000))));
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.at(optedPath).size() == 1);
        Receiver.Received r = receiver.at(optedPath).get(0);
        WebhookEvent event = BabySeaWebhooks.verify(r.body(), r.header("X-BabySea-Signature"), secret, Duration.ofSeconds(60));
        assertEquals("credits.low_balance", event.event());
        assertTrue(r.body().contains("\"webhook_data\":{\"account_id\":\"" + account + "\",\"current_balance\":0.450,"
                + "\"thresholds_crossed\":[{\"threshold\":0.500,\"balance_at\":0.450}]}"), r.body());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> receiver.at(defaultPath).isEmpty());
    }

    @Test
    void deliveryCommittedBeforeTheWorkerRanIsDeliveredAfterRestartEvenWithALeftoverClaim() throws Exception {
        String account = account();
        String path = "/crash/" + account;
        String id = createEndpoint(account, receiver.url(path), null).get("endpoint_id").asText();
        worker.pause();
        try {
            events.publish(failed(account));
            // The consumer committed the delivery row; no attempt ran (the "crash" window).
            await().atMost(Duration.ofSeconds(20)).until(() -> get(base(account, id) + "/deliveries").getInt("total") == 1);
            JsonPath log = get(base(account, id) + "/deliveries");
            assertEquals("pending", log.getString("deliveries[0].status"));
            assertEquals(0, log.getInt("deliveries[0].attempt_count"));
            // A dead instance had claimed it: attempt taken, lease running, nothing recorded.
            sql("UPDATE webhook_deliveries SET attempt_count = 1, next_attempt_at = now() + interval '2 seconds' WHERE endpoint_id = ?",
                    UUID.fromString(id));
            assertTrue(receiver.at(path).isEmpty());
        } finally {
            worker.resume();
        }
        long resumedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.at(path).size() == 1);
        assertTrue(receiver.at(path).get(0).receivedAtNanos() - resumedAt > 1_000_000_000L, "delivered before the lease lapsed");
        await().atMost(Duration.ofSeconds(10)).until(() -> "succeeded".equals(get(base(account, id) + "/deliveries").getString("deliveries[0].status")));
        assertEquals(List.of(2), get(base(account, id) + "/deliveries").getList("deliveries[0].attempts.attempt"));
    }

    @Test
    void hangingReceiverHoldsOnlyItsOwnSlotsWhileHealthyEndpointsAreDeliveredAtOnce() throws Exception {
        String account = account();
        String hangingPath = "/hang/" + account;
        String healthyPath = "/healthy/" + account;
        receiver.hang(hangingPath);
        String hangingId = createEndpoint(account, receiver.url(hangingPath), null).get("endpoint_id").asText();
        createEndpoint(account, receiver.url(healthyPath), null);
        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            events.publish(new GenerationStarted(Ids.uuidV7().toString(), account, "bfl/flux-schnell", "bfl", "p" + i, 1, Instant.now()));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.at(healthyPath).size() == 10);
        long healthyDoneMs = (System.nanoTime() - start) / 1_000_000;
        // All ten healthy deliveries finished well inside the 10 s the hanging receiver holds its attempts.
        assertTrue(healthyDoneMs < 6_000, "healthy deliveries took " + healthyDoneMs + " ms");
        assertEquals(4, receiver.at(hangingPath).size(), "per-endpoint in-flight limit");
        // The hanging attempts end as failures at the 10 s request timeout.
        await().atMost(Duration.ofSeconds(30)).until(() -> get(base(account, hangingId) + "/deliveries?status=pending")
                .getList("deliveries.attempts.flatten()").size() >= 1);
        JsonPath log = get(base(account, hangingId) + "/deliveries");
        List<Integer> durations = log.getList("deliveries.attempts.flatten().duration_ms", Integer.class);
        List<String> errors = log.getList("deliveries.attempts.flatten().error", String.class);
        assertTrue(errors.stream().allMatch(e -> e.startsWith("timeout")), errors.toString());
        assertTrue(durations.stream().allMatch(ms -> ms >= 9_900 && ms < 12_000), durations.toString());
        given().header("Authorization", TOKEN).delete(base(account, hangingId)).then().statusCode(200);
    }

    @Test
    void oversizedResponseBodyIsReadOnlyUpToTheBound() throws Exception {
        String account = account();
        String path = "/large/" + account;
        receiver.respondWithBody(path, 2 * 1024 * 1024);
        String id = createEndpoint(account, receiver.url(path), null).get("endpoint_id").asText();
        post(base(account, id) + "/test", 202);
        await().atMost(Duration.ofSeconds(20)).until(() -> "succeeded".equals(get(base(account, id) + "/deliveries")
                .getString("deliveries[0].status")));
        assertEquals(List.of(200), get(base(account, id) + "/deliveries").getList("deliveries[0].attempts.status_code"));
    }

    @Test
    void redirectsAreNotFollowedAndCountAsFailedAttempts() throws Exception {
        String account = account();
        String path = "/redirect/" + account;
        receiver.respond(path, 302);
        String id = createEndpoint(account, receiver.url(path), null).get("endpoint_id").asText();
        post(base(account, id) + "/test", 202);
        await().atMost(Duration.ofSeconds(20)).until(() -> get(base(account, id) + "/deliveries").getList("deliveries[0].attempts").size() >= 2);
        JsonPath log = get(base(account, id) + "/deliveries");
        assertEquals(302, log.getInt("deliveries[0].attempts[0].status_code"));
        assertEquals("redirect not followed (HTTP 302)", log.getString("deliveries[0].attempts[0].error"));
        assertTrue(receiver.at("/redirect-target" + path).isEmpty());
        given().header("Authorization", TOKEN).delete(base(account, id)).then().statusCode(200);
    }
}
