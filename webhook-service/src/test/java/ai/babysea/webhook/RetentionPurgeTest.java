package ai.babysea.webhook;

import static ai.babysea.webhook.WebhookDeliveryTest.TOKEN;
import static ai.babysea.webhook.WebhookDeliveryTest.account;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import ai.babysea.webhook.retention.RetentionService;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Wiring as {@link WebhookDeliveryTest} (same resources, so the same application start): the plan api-service
 * passes as {@code account_plan} decides how long the delivery log is kept; rows are backdated with SQL and one
 * purge run is invoked directly.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "webhook"))
class RetentionPurgeTest {
    @Inject
    RetentionService retention;
    @Inject
    AgroalDataSource dataSource;

    /** One account: the plans passed on its management calls (in order) and the retention that must apply, in hours. */
    record Case(String name, List<String> plansPassed, long retentionHours) {
    }

    /** The rows planted for one endpoint. */
    record Planted(String account, UUID endpointId, Set<UUID> keptDeliveries, Set<UUID> keptQueue, UUID purgedWithAttempts) {
    }

    private void sql(String statement, Object... params) throws Exception {
        try (Connection connection = dataSource.getConnection(); PreparedStatement ps = connection.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }

    private Set<UUID> ids(String query, Object... params) throws Exception {
        Set<UUID> ids = new HashSet<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement ps = connection.prepareStatement(query)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rows = ps.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getObject(1, UUID.class));
                }
            }
        }
        return ids;
    }

    /** A delivery with the given status that finished (or, when pending, was created) {@code ageHours} ago. */
    private UUID delivery(Planted endpoint, String status, long ageHours) throws Exception {
        UUID id = UUID.randomUUID();
        sql("INSERT INTO webhook_deliveries (id, endpoint_id, account_id, event_type, origin, data, body, status, attempt_count, "
                + "created_at, next_attempt_at, completed_at) VALUES (?, ?, ?, 'generation.failed', 'event', '{}', '{}', ?, 1, "
                + "now() - make_interval(hours => ?), CASE WHEN ? = 'pending' THEN now() + interval '1 hour' END, "
                + "CASE WHEN ? <> 'pending' THEN now() - make_interval(hours => ?) END)",
                id, endpoint.endpointId(), endpoint.account(), status, (int) ageHours + 1, status, status, (int) ageHours);
        return id;
    }

    /**
     * A queue entry with the given status: delivered or expired {@code ageHours} ago; pending ones were queued
     * {@code ageHours} ago and expire in an hour (so the expiry sweep leaves them pending).
     */
    private UUID queued(Planted endpoint, String status, long ageHours) throws Exception {
        UUID id = UUID.randomUUID();
        sql("INSERT INTO webhook_queue (id, endpoint_id, account_id, event_type, dedupe_key, data, status, queued_at, expires_at, "
                + "delivered_at) VALUES (?, ?, ?, 'generation.failed', ?, '{}', ?, now() - make_interval(hours => ?), "
                + "CASE WHEN ? = 'pending' THEN now() + interval '1 hour' ELSE now() - make_interval(hours => ?) END, "
                + "CASE WHEN ? = 'delivered' THEN now() - make_interval(hours => ?) END)",
                id, endpoint.endpointId(), endpoint.account(), id.toString(), status, (int) ageHours + 72, status, (int) ageHours,
                status, (int) ageHours);
        return id;
    }

    private static String endpointWithPlans(String account, List<String> plans) {
        String first = plans.isEmpty() ? "" : "?account_plan=" + plans.get(0);
        String id = given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(Map.of("url", "http://127.0.0.1:9/never"))
                .post("/internal/accounts/" + account + "/endpoints" + first).then().statusCode(201).extract().path("endpoint_id");
        for (String plan : plans.subList(Math.min(1, plans.size()), plans.size())) {
            // A later write tells the new plan (here an update that changes nothing else).
            given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(Map.of()).queryParam("account_plan", plan)
                    .patch("/internal/accounts/" + account + "/endpoints/" + id).then().statusCode(200);
        }
        return id;
    }

    @Test
    void purgeDeletesExactlyTheFinishedRowsOlderThanEachAccountsPlanAllows() throws Exception {
        List<Case> cases = List.of(
                new Case("Free after a downgrade from Pro", List.of("Pro", "Free"), 24),
                new Case("Starter", List.of("Starter"), 7 * 24),
                new Case("Pro", List.of("Pro"), 30 * 24),
                new Case("Scale (lower case)", List.of("scale"), 180 * 24),
                new Case("Enterprise", List.of("Enterprise"), 365 * 24),
                new Case("never told", List.of(), 365 * 24),
                new Case("unknown plan name", List.of("Platinum"), 365 * 24),
                new Case("malformed plan ignored, Free kept", List.of("Free", "x;y"), 24));
        List<Planted> planted = new ArrayList<>();
        for (Case c : cases) {
            String account = account();
            Planted p = new Planted(account, UUID.fromString(endpointWithPlans(account, c.plansPassed())), new HashSet<>(), new HashSet<>(),
                    null);
            long limit = c.retentionHours();
            p.keptDeliveries().add(delivery(p, "succeeded", limit - 1));
            p.keptDeliveries().add(delivery(p, "failed", limit - 1));
            // Pending is never deleted, however old.
            p.keptDeliveries().add(delivery(p, "pending", limit + 240));
            UUID purged = delivery(p, "succeeded", limit + 1);
            sql("INSERT INTO webhook_attempts (delivery_id, attempt, started_at, duration_ms, status_code) "
                    + "VALUES (?, 1, now() - interval '400 days', 5, 500), (?, 2, now() - interval '400 days', 5, 200)", purged, purged);
            delivery(p, "failed", limit + 1);
            delivery(p, "succeeded", limit + 24 * 400);
            p.keptQueue().add(queued(p, "pending", limit + 240));
            p.keptQueue().add(queued(p, "delivered", limit - 1));
            p.keptQueue().add(queued(p, "expired", limit - 1));
            queued(p, "delivered", limit + 1);
            queued(p, "expired", limit + 1);
            planted.add(new Planted(p.account(), p.endpointId(), p.keptDeliveries(), p.keptQueue(), purged));
        }

        RetentionService.PurgeResult result = retention.purge();

        for (int i = 0; i < cases.size(); i++) {
            Planted p = planted.get(i);
            String name = cases.get(i).name();
            assertEquals(p.keptDeliveries(), ids("SELECT id FROM webhook_deliveries WHERE endpoint_id = ?", p.endpointId()), name);
            assertEquals(p.keptQueue(), ids("SELECT id FROM webhook_queue WHERE endpoint_id = ?", p.endpointId()), name);
            assertEquals(Set.of(), ids("SELECT delivery_id FROM webhook_attempts WHERE delivery_id = ?", p.purgedWithAttempts()), name);
        }
        // Other tests' rows are recent, so exactly the planted ones went (3 deliveries and 2 queue entries per case).
        assertEquals(3L * cases.size(), result.deliveries());
        assertEquals(2L * cases.size(), result.queueEntries());
        assertEquals(new RetentionService.PurgeResult(0, 0), retention.purge());
    }
}
