package ai.babysea.webhook.delivery;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.contracts.Ids;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Wiring as the other webhook tests (same resources, so the same application start), with the delivery worker paused
 * so that planted rows stay as planted. The poll that finds due deliveries must take at most a few of each endpoint's
 * (fairness) and must cost the same however large one endpoint's backlog is: a backlog left by an outage used to make
 * every poll sort the whole backlog, so the larger it was the more slowly it drained.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "webhook"))
class DueDeliveriesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DeliveryRepository deliveries;
    @Inject
    DeliveryWorker worker;
    @Inject
    AgroalDataSource dataSource;

    private UUID hog;
    private UUID quiet;

    @BeforeEach
    void plantEndpoints() throws Exception {
        worker.pause();
        hog = endpoint();
        quiet = endpoint();
    }

    @AfterEach
    void removePlantedRows() throws Exception {
        update("DELETE FROM webhook_deliveries WHERE endpoint_id IN (?, ?)", hog, quiet);
        worker.resume();
    }

    @Test
    void takesAFewOfEachEndpointOldestFirstAndSkipsTheExcludedOnes() throws Exception {
        plant(hog, 100, 600);
        plant(quiet, 3, 60);
        List<DeliveryRepository.Due> due = due(new UUID[0]);
        Map<UUID, Long> perEndpoint = due.stream().collect(Collectors.groupingBy(DeliveryRepository.Due::endpointId, Collectors.counting()));
        assertEquals(4L, perEndpoint.get(hog), "at most 4 of the endpoint with the backlog");
        assertEquals(3L, perEndpoint.get(quiet), "every due delivery of the quiet endpoint");
        assertEquals(hog, due.get(0).endpointId(), "oldest due first: the backlog's rows are older");
        List<DeliveryRepository.Due> withoutHog = due(new UUID[] {hog});
        assertTrue(withoutHog.stream().noneMatch(d -> d.endpointId().equals(hog)), "a saturated endpoint is skipped");
        assertEquals(3L, withoutHog.stream().filter(d -> d.endpointId().equals(quiet)).count());
    }

    @Test
    void aPollReadsAsMuchWithFiftyThousandRowsOfBacklogAsWithFiveThousand() throws Exception {
        plant(hog, 5_000, 600);
        plant(quiet, 3, 60);
        JsonNode small = plan();
        plant(hog, 45_000, 900);
        JsonNode large = plan();
        // the old poll read every due row: ten times the backlog was about ten times the blocks (thousands more)
        assertTrue(blocks(large) - blocks(small) < 100, "blocks read with 5,000 due rows " + blocks(small) + ", with 50,000 "
                + blocks(large) + "; plan: " + large);
    }

    /** Shared buffers (hit or read) the statement touched, as PostgreSQL counts them. */
    private static long blocks(JsonNode plan) {
        return plan.path("Shared Hit Blocks").asLong() + plan.path("Shared Read Blocks").asLong();
    }

    /** The executed plan of the poll's statement, with buffer counts. */
    private JsonNode plan() throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement explain = connection.prepareStatement("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + DeliveryRepository.DUE)) {
            explain.setInt(1, 4);
            explain.setArray(2, connection.createArrayOf("text", new String[0]));
            explain.setInt(3, 200);
            try (ResultSet rs = explain.executeQuery()) {
                rs.next();
                return JSON.readTree(rs.getString(1)).get(0).get("Plan");
            }
        }
    }

    private List<DeliveryRepository.Due> due(UUID[] excluded) {
        return QuarkusTransaction.requiringNew().call(() -> deliveries.due(excluded, 4, 200));
    }

    /** {@code count} pending deliveries of an endpoint, due between {@code ageSeconds} ago and now, each ~1 KB. */
    private void plant(UUID endpoint, int count, int ageSeconds) throws Exception {
        update("INSERT INTO webhook_deliveries (id, endpoint_id, account_id, event_type, origin, data, body, status, next_attempt_at, "
                + "created_at) SELECT gen_random_uuid(), ?, 'acct-due', 'generation.completed', 'event', '{}', repeat('x', 1000), "
                + "'pending', now() - make_interval(secs => ? * (1 - g::double precision / ?)), now() FROM generate_series(1, ?) g",
                endpoint, ageSeconds, count, count);
        update("ANALYZE webhook_deliveries");
    }

    private UUID endpoint() {
        String response = given().header("Authorization", "Bearer local-internal-token").contentType(ContentType.JSON)
                .body(Map.of("url", "http://127.0.0.1:9/due-test"))
                .post("/internal/accounts/{account}/endpoints", "acct-" + Ids.uuidV7())
                .then().statusCode(201).extract().asString();
        try {
            return UUID.fromString(JSON.readTree(response).get("endpoint_id").asText());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void update(String statement, Object... params) throws Exception {
        try (Connection connection = dataSource.getConnection(); PreparedStatement ps = connection.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }
}
