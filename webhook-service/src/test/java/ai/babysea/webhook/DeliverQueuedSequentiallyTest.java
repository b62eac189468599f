package ai.babysea.webhook;

import static ai.babysea.webhook.WebhookDeliveryTest.account;
import static ai.babysea.webhook.WebhookDeliveryTest.createEndpoint;
import static ai.babysea.webhook.WebhookLifecycleTest.base;
import static ai.babysea.webhook.WebhookLifecycleTest.failed;
import static ai.babysea.webhook.WebhookLifecycleTest.get;
import static ai.babysea.webhook.WebhookLifecycleTest.post;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.babysea.embedded.EmbeddedKafka;
import ai.babysea.testing.KafkaEvents;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Wiring as {@link WebhookDeliveryTest} (same resources, so the same application start): "Deliver queued events"
 * sends the queue one delivery at a time, in queue order, each after the previous one's attempt has an outcome,
 * while other endpoints are served as usual.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "webhook"))
class DeliverQueuedSequentiallyTest {
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

    /** Creates an endpoint, disables it, queues {@code count} events for it and enables it again; returns its id. */
    static String endpointWithQueue(String account, String path, int count) throws Exception {
        String id = createEndpoint(account, receiver.url(path), null).get("endpoint_id").asText();
        post(base(account, id) + "/disable", 200);
        for (int i = 0; i < count; i++) {
            events.publish(failed(account));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> get(base(account, id) + "/queue?status=pending").getInt("total") == count);
        post(base(account, id) + "/enable", 200);
        return id;
    }

    static List<String> deliveryIdsInArrivalOrder(String path) {
        return receiver.at(path).stream().map(r -> r.header("X-BabySea-Delivery-Id")).toList();
    }

    @Test
    void sendsQueuedEventsOneAtATimeInQueueOrderWithoutHoldingBackOtherEndpoints() throws Exception {
        String account = account();
        String path = "/sequential/" + account;
        int queued = 10;
        String id = endpointWithQueue(account, path, queued);
        String otherAccount = account();
        String otherPath = "/sequential-other/" + otherAccount;
        createEndpoint(otherAccount, receiver.url(otherPath), null);
        // Every answer takes a moment, so two requests sent in parallel would be seen open together.
        receiver.respondAfter(path, 40);
        receiver.hold(path);

        JsonPath result = post(base(account, id) + "/deliver-queued", 202);
        assertEquals(queued, result.getInt("delivered"));
        List<String> created = result.getList("deliveries.delivery_id", String.class);
        // The queue lists oldest first; the deliveries were created in that order.
        JsonPath queue = get(base(account, id) + "/queue?status=delivered&limit=100");
        assertEquals(created, queue.getList("entries.delivery_id", String.class));

        // The first one is open at the receiver: nothing else of this endpoint is sent meanwhile...
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.at(path).size() == 1);
        assertEquals(created.get(0), receiver.at(path).get(0).header("X-BabySea-Delivery-Id"));
        // ...while another endpoint's event is delivered as usual.
        events.publish(failed(otherAccount));
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.at(otherPath).size() == 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> receiver.at(path).size() == 1);
        assertEquals(1, receiver.release(path));

        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.at(path).size() == queued);
        assertEquals(created, deliveryIdsInArrivalOrder(path));
        assertEquals(1, receiver.maxOpen(path), "more than one queued delivery was in flight to the endpoint");
        await().atMost(Duration.ofSeconds(10)).until(() -> get(base(account, id) + "/deliveries?status=succeeded").getInt("total") == queued);
        assertEquals(queued, receiver.at(path).size());
    }

    @Test
    void aFailedAttemptReleasesTheNextQueuedEventWhichIsNotHeldBackByTheRetries() throws Exception {
        String account = account();
        String path = "/sequential-failure/" + account;
        String id = endpointWithQueue(account, path, 3);
        // Every attempt of the second queued event fails; the others succeed.
        String failingGeneration = get(base(account, id) + "/queue?status=pending").getString("entries[1].generation_id");
        receiver.onReceive(r -> {
            if (r.path().equals(path) && r.body().contains(failingGeneration)) {
                receiver.respondSequence(path, 500);
            }
        });

        List<String> created = post(base(account, id) + "/deliver-queued", 202).getList("deliveries.delivery_id", String.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> get(base(account, id) + "/deliveries?status=succeeded").getInt("total") == 2);
        JsonPath failing = get(base(account, id) + "/deliveries/" + created.get(1));
        // The third was sent and succeeded while the second has never succeeded: its failed attempt released the next,
        // and it goes on with the normal retry schedule.
        assertNotEquals("succeeded", failing.getString("status"));
        assertEquals(500, failing.getInt("attempts[0].status_code"));
        assertEquals("succeeded", get(base(account, id) + "/deliveries/" + created.get(2)).getString("status"));
        assertEquals(created, new ArrayList<>(new LinkedHashSet<>(deliveryIdsInArrivalOrder(path))), "first attempts in queue order");
        await().atMost(Duration.ofSeconds(10)).until(() -> get(base(account, id) + "/deliveries/" + created.get(1)).getInt("attempt_count") >= 2);
        given().header("Authorization", WebhookDeliveryTest.TOKEN).delete(base(account, id)).then().statusCode(200);
    }
}
