package ai.babysea.ledger;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.babysea.contracts.Topics;
import ai.babysea.contracts.events.GenerationAdmitted;
import ai.babysea.contracts.events.GenerationRequested;
import ai.babysea.embedded.EmbeddedKafka;
import ai.babysea.ledger.reconciliation.ReconciliationService;
import ai.babysea.platform.jdbc.DatabaseOutage;
import ai.babysea.platform.jdbc.Sql;
import ai.babysea.testing.KafkaEvents;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.ProxiedPostgresTestResource;
import ai.babysea.testing.TcpProxy;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Wiring: the ledger reaches its PostgreSQL through a TCP proxy the test cuts, as a database restart does (open
 * connections break, new ones are refused). An event that arrives meanwhile must be applied once the database is back,
 * however long it was away: it is neither parked nor dead-lettered, since the outage is not the event's fault.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = ProxiedPostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "ledger"))
class DatabaseRestartTest {
    /**
     * How many failed tries the outage lasts: 6 tries wait 0.1 + 0.2 + 0.4 + 0.8 + 1.6 + 3.2 s, twice the ~3 s after
     * which a record used to be parked (3 batch attempts, then 5 single attempts with backoff).
     */
    private static final int OUTAGE_TRIES = 6;
    private static KafkaEvents events;

    @Inject
    ReconciliationService reconciliation;
    @Inject
    Sql sql;

    @BeforeAll
    static void observe() {
        events = new KafkaEvents(EmbeddedKafka.shared().bootstrapServers(), Topics.GENERATION_DISPATCH);
    }

    @AfterAll
    static void close() {
        events.close();
    }

    @Test
    void aReservationRequestedWhileTheDatabaseIsDownIsAppliedOnceItIsBackNotParked() {
        String account = LedgerTesting.newAccount();
        given().header("Authorization", LedgerTesting.TOKEN).contentType(ContentType.JSON)
                .body(Map.of("grant_key", "welcome:" + account, "amount_micros", 1_000_000))
                .post("/internal/accounts/{id}/grants", account).then().statusCode(200);
        GenerationRequested request = LedgerTesting.request(account, 10_000);

        TcpProxy database = ProxiedPostgresTestResource.proxy("ledger");
        long failedBefore = DatabaseOutage.failedTries();
        database.cut();
        try {
            events.publish(request);
            // the database stays away until the consumer has waited for it longer than a record's attempts last
            await().atMost(Duration.ofSeconds(120)).until(() -> DatabaseOutage.failedTries() - failedBefore >= OUTAGE_TRIES);
        } finally {
            database.restore();
        }

        await().atMost(Duration.ofSeconds(120)).until(() ->
                !events.seen(GenerationAdmitted.class, a -> a.generationId().equals(request.generationId())).isEmpty());
        given().header("Authorization", LedgerTesting.TOKEN).get("/internal/accounts/{id}/balance", account).then().statusCode(200)
                .body("available_micros", org.hamcrest.Matchers.equalTo(990_000))
                .body("held_micros", org.hamcrest.Matchers.equalTo(10_000));
        long parked = QuarkusTransaction.requiringNew().call(() -> sql.queryLong(
                "SELECT count(*) FROM parked_events WHERE value LIKE ?", "%" + request.generationId() + "%").orElse(0L));
        assertEquals(0, parked, "nothing parked: the outage was not the event's fault");
        LedgerTesting.assertReconciled(reconciliation);
    }
}
