package ai.babysea.webhook;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.babysea.contracts.Ids;
import ai.babysea.contracts.events.GenerationSucceeded;
import ai.babysea.embedded.EmbeddedKafka;
import ai.babysea.platform.jdbc.DatabaseOutage;
import ai.babysea.testing.KafkaEvents;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.ProxiedPostgresTestResource;
import ai.babysea.testing.TcpProxy;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Wiring: webhook-service reaches its PostgreSQL through a TCP proxy the test cuts, as a database restart does. What
 * happens meanwhile must neither be lost nor be repeated once the database is back: an event consumed during the
 * outage becomes its webhook, and an attempt whose outcome could not be recorded is recorded afterwards, so its
 * delivery ends succeeded after one attempt instead of being sent again when its claim lapses.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = ProxiedPostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "webhook"))
class DatabaseRestartTest {
    /** Failed tries the outage lasts: 6 tries wait 6.3 s, twice the ~3 s after which a record used to be dead-lettered. */
    private static final int OUTAGE_TRIES = 6;
    private static KafkaEvents events;
    private static Receiver receiver;

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

    @Test
    void anEventConsumedWhileTheDatabaseIsDownBecomesItsWebhookOnceItIsBack() throws Exception {
        String account = WebhookDeliveryTest.account();
        String path = "/consumed-in-outage/" + account;
        WebhookDeliveryTest.createEndpoint(account, receiver.url(path), List.of("generation.completed"));
        TcpProxy database = ProxiedPostgresTestResource.proxy("webhook");
        long failedBefore = DatabaseOutage.failedTries();
        database.cut();
        try {
            events.publish(succeeded(account));
            await().atMost(Duration.ofSeconds(120)).until(() -> DatabaseOutage.failedTries() - failedBefore >= OUTAGE_TRIES);
        } finally {
            database.restore();
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> receiver.at(path).size() == 1);
    }

    @Test
    void anAttemptWhoseOutcomeCouldNotBeRecordedIsRecordedOnceTheDatabaseIsBack() throws Exception {
        String account = WebhookDeliveryTest.account();
        String path = "/recorded-after-outage/" + account;
        String endpointId = WebhookDeliveryTest.createEndpoint(account, receiver.url(path), List.of("generation.completed"))
                .get("endpoint_id").asText();
        TcpProxy database = ProxiedPostgresTestResource.proxy("webhook");
        AtomicBoolean cut = new AtomicBoolean();
        long[] failedBefore = new long[1];
        // The database goes away while the receiver answers: the attempt succeeds, its outcome cannot be written.
        receiver.onReceive(received -> {
            if (received.path().equals(path) && cut.compareAndSet(false, true)) {
                failedBefore[0] = DatabaseOutage.failedTries();
                database.cut();
            }
        });
        try {
            events.publish(succeeded(account));
            await().atMost(Duration.ofSeconds(120)).until(() -> cut.get() && DatabaseOutage.failedTries() - failedBefore[0] >= OUTAGE_TRIES);
        } finally {
            receiver.onReceive(received -> { });
            database.restore();
        }

        await().atMost(Duration.ofSeconds(120)).until(() -> "succeeded".equals(deliveries(account, endpointId).getString("deliveries[0].status")));
        JsonPath log = deliveries(account, endpointId);
        assertEquals(1, log.getInt("total"));
        assertEquals(1, log.getInt("deliveries[0].attempt_count"), "the one attempt was recorded, none repeated");
        assertEquals(1, receiver.at(path).size());
    }

    private static GenerationSucceeded succeeded(String account) {
        Instant now = Instant.now();
        return new GenerationSucceeded(Ids.uuidV7().toString(), account, "bfl/flux-schnell", "bfl", "pred-1",
                List.of("https://cdn.local/0.png"), 1.0, now, now);
    }

    private static JsonPath deliveries(String account, String endpointId) {
        return given().header("Authorization", WebhookDeliveryTest.TOKEN)
                .get("/internal/accounts/{account}/endpoints/{endpoint}/deliveries", account, endpointId)
                .then().statusCode(200).extract().jsonPath();
    }
}
