package ai.babysea.ledger;

import static ai.babysea.ledger.LedgerTesting.MODEL;
import static ai.babysea.ledger.LedgerTesting.TOKEN;
import static ai.babysea.ledger.LedgerTesting.newAccount;
import static ai.babysea.ledger.LedgerTesting.request;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.contracts.Topics;
import ai.babysea.contracts.events.CreditGrantRequested;
import ai.babysea.contracts.events.EventEnvelope;
import ai.babysea.contracts.events.GenerationAdmitted;
import ai.babysea.contracts.events.GenerationRequested;
import ai.babysea.contracts.events.GenerationSucceeded;
import ai.babysea.ledger.reconciliation.ReconciliationService;
import ai.babysea.ledger.transfer.LedgerConsumers;
import ai.babysea.platform.jdbc.Sql;
import ai.babysea.embedded.EmbeddedKafka;
import ai.babysea.testing.KafkaEvents;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Wiring: the real ledger-service against the in-JVM Kafka broker and embedded PostgreSQL. Parked records are written
 * straight into {@code parked_events} as {@code EventBatches.park} writes them (offsets far beyond any the broker
 * hands out, so they never collide with a real park), because publishing poison to the topics would be parked again
 * by {@code ReplayTest}, which republishes the topics' whole history. The test then lists and replays them over the
 * internal REST API and checks the ledger (balances, transfers, dispatched admissions) and the rows left behind.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "ledger"))
class ParkedEventsTest {
    private static final AtomicLong OFFSETS = new AtomicLong(9_000_000_000_000L);
    private static KafkaEvents events;

    @Inject
    Sql sql;
    @Inject
    ReconciliationService reconciliation;

    /** Rows this test parked (consumer, topic, partition, offset), removed after each test whatever happened to them. */
    private final List<Parked> parked = new ArrayList<>();

    record Parked(String consumer, String topic, int partition, long offset) {
        String replayPath() {
            return "/internal/parked-events/" + consumer + "/" + topic + "/" + partition + "/" + offset + "/replay";
        }
    }

    @BeforeAll
    static void observe() {
        events = new KafkaEvents(EmbeddedKafka.shared().bootstrapServers(), Topics.GENERATION_DISPATCH, Topics.LEDGER_EVENTS);
    }

    @AfterAll
    static void close() {
        events.close();
    }

    @AfterEach
    void cleanUpAndReconcile() {
        QuarkusTransaction.requiringNew().run(() -> parked.forEach(p -> sql.update("DELETE FROM parked_events WHERE consumer = ? "
                + "AND topic = ? AND partition_no = ? AND offset_no = ?", p.consumer(), p.topic(), p.partition(), p.offset())));
        LedgerTesting.assertReconciled(reconciliation);
    }

    private Parked park(String consumer, String topic, String eventId, String value, String parkedAtOffset) {
        Parked p = new Parked(consumer, topic, 3, OFFSETS.incrementAndGet());
        parked.add(p);
        QuarkusTransaction.requiringNew().run(() -> sql.update("INSERT INTO parked_events (consumer, event_id, topic, partition_no, "
                + "offset_no, value, error, parked_at) VALUES (?, ?, ?, ?, ?, ?, 'original error', now() + ?::interval)", consumer,
                eventId, topic, p.partition(), p.offset(), value, parkedAtOffset));
        return p;
    }

    private Parked park(String consumer, String topic, EventEnvelope envelope) {
        return park(consumer, topic, envelope.eventId(), envelope.toJson(), "0 seconds");
    }

    /** The row's error, or empty when the row is gone. */
    private Optional<String> row(Parked p) {
        return QuarkusTransaction.requiringNew().call(() -> sql.queryOne("SELECT error FROM parked_events WHERE consumer = ? "
                + "AND topic = ? AND partition_no = ? AND offset_no = ?", rs -> rs.getString(1), p.consumer(), p.topic(), p.partition(),
                p.offset()));
    }

    private long count(String query, Object... params) {
        return QuarkusTransaction.requiringNew().call(() -> sql.queryLong(query, params).orElseThrow());
    }

    private static void grant(String account, long micros) {
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(Map.of("grant_key", "welcome:" + account, "amount_micros", micros))
                .post("/internal/accounts/{id}/grants", account).then().statusCode(200);
    }

    private static Map<String, Object> balance(String account) {
        return given().header("Authorization", TOKEN).get("/internal/accounts/{id}/balance", account).then().statusCode(200)
                .extract().jsonPath().getMap("");
    }

    @Test
    void listsParkedEventsNewestFirstInBoundedPages() {
        // parked "in the future" so they are the two newest rows whatever other tests left behind
        Parked older = park(LedgerConsumers.REQUESTS, Topics.GENERATION_REQUESTS, "e-older", "{\"older\":1}", "1 day");
        Parked newer = park(LedgerConsumers.EVENTS, Topics.GENERATION_EVENTS, "e-newer", "{\"newer\":1}", "1 day 1 second");

        var page = given().header("Authorization", TOKEN).get("/internal/parked-events?limit=2").then().statusCode(200)
                .body("limit", equalTo(2)).body("offset", equalTo(0)).body("entries.size()", equalTo(2))
                .body("entries[0].consumer", equalTo(LedgerConsumers.EVENTS)).body("entries[0].topic", equalTo(Topics.GENERATION_EVENTS))
                .body("entries[0].partition", equalTo(3)).body("entries[0].event_id", equalTo("e-newer"))
                .body("entries[0].value", equalTo("{\"newer\":1}")).body("entries[0].error", equalTo("original error"))
                .body("entries[1].event_id", equalTo("e-older")).body("entries[1].consumer", equalTo(LedgerConsumers.REQUESTS))
                .extract().jsonPath();
        assertEquals(newer.offset(), page.getLong("entries[0].offset"));
        assertEquals(older.offset(), page.getLong("entries[1].offset"));
        assertTrue(page.getLong("total") >= 2, "total " + page.getLong("total"));
        assertTrue(Instant.parse(page.getString("entries[0].parked_at")).isAfter(Instant.parse(page.getString("entries[1].parked_at"))));

        given().header("Authorization", TOKEN).get("/internal/parked-events?limit=1&offset=1").then().statusCode(200)
                .body("entries.size()", equalTo(1)).body("entries[0].event_id", equalTo("e-older"));
        given().header("Authorization", TOKEN).get("/internal/parked-events").then().statusCode(200).body("limit", equalTo(20));
        given().header("Authorization", TOKEN).get("/internal/parked-events?limit=100").then().statusCode(200);
        given().header("Authorization", TOKEN).get("/internal/parked-events?limit=101").then().statusCode(422)
                .body("status", equalTo("error")).body("error.code", equalTo("BSE2008")).body("error.details.field", equalTo("limit"));
        given().header("Authorization", TOKEN).get("/internal/parked-events?limit=0").then().statusCode(422)
                .body("error.code", equalTo("BSE2008")).body("error.details.field", equalTo("limit"));
        given().header("Authorization", TOKEN).get("/internal/parked-events?offset=-1").then().statusCode(422)
                .body("error.code", equalTo("BSE2008")).body("error.details.field", equalTo("offset"));
    }

    @Test
    void replayAppliesParkedEventsThroughTheirConsumersAndDeletesTheirRows() {
        String account = newAccount();
        grant(account, 1_000_000);
        GenerationRequested request = request(account, 10_000);
        EventEnvelope requested = EventEnvelope.wrap(request);
        Parked parkedRequest = park(LedgerConsumers.REQUESTS, Topics.GENERATION_REQUESTS, requested);
        assertTrue(given().header("Authorization", TOKEN).get("/internal/parked-events?limit=100").then().statusCode(200)
                .extract().jsonPath().getList("entries.event_id").contains(requested.eventId()), "listed before the replay");

        given().header("Authorization", TOKEN).post(parkedRequest.replayPath()).then().statusCode(200)
                .body("status", nullValue()).body("outcome", equalTo("applied")).body("consumer", equalTo(LedgerConsumers.REQUESTS))
                .body("event_id", equalTo(requested.eventId())).body("event_type", equalTo("generation.requested"));

        assertEquals(Optional.empty(), row(parkedRequest), "the parked row is deleted with the replay");
        assertEquals(1, count("SELECT count(*) FROM transfers WHERE generation_id = ? AND kind = 'reserve'", request.generationId()));
        Map<String, Object> balance = balance(account);
        assertEquals(990_000, balance.get("available_micros"));
        assertEquals(10_000, balance.get("held_micros"));
        // the same path as the consumer: the admission goes out through the outbox to the router
        await().atMost(Duration.ofSeconds(60)).until(() ->
                !events.seen(GenerationAdmitted.class, a -> a.generationId().equals(request.generationId())).isEmpty());

        // generation.events and ledger.commands take their own consumers' handlers
        Parked parkedSuccess = park(LedgerConsumers.EVENTS, Topics.GENERATION_EVENTS, EventEnvelope.wrap(new GenerationSucceeded(
                request.generationId(), account, MODEL, "bfl", "p", List.of("u"), 1.0, Instant.now(), Instant.now())));
        Parked parkedGrant = park(LedgerConsumers.COMMANDS, Topics.LEDGER_COMMANDS,
                EventEnvelope.wrap(new CreditGrantRequested(account, "invoice:" + account, 5_000, "invoice")));
        given().header("Authorization", TOKEN).post(parkedSuccess.replayPath()).then().statusCode(200).body("outcome", equalTo("applied"));
        given().header("Authorization", TOKEN).post(parkedGrant.replayPath()).then().statusCode(200).body("outcome", equalTo("applied"));
        balance = balance(account);
        assertEquals(995_000, balance.get("available_micros"));
        assertEquals(0, balance.get("held_micros"));
        assertEquals(10_000, balance.get("spent_micros"));
        assertEquals(Optional.empty(), row(parkedSuccess));
        assertEquals(Optional.empty(), row(parkedGrant));

        // the row is gone: a second replay has nothing to replay
        given().header("Authorization", TOKEN).post(parkedRequest.replayPath()).then().statusCode(404)
                .body("status", equalTo("error")).body("error.code", equalTo("BSE2017"));
    }

    @Test
    void replayOfAnEventTheConsumerAlreadyAppliedChangesNothing() {
        String account = newAccount();
        grant(account, 1_000_000);
        GenerationRequested request = request(account, 10_000);
        EventEnvelope requested = EventEnvelope.wrap(request);
        events.publish(requested);
        await().atMost(Duration.ofSeconds(90)).until(() ->
                !events.seen(GenerationAdmitted.class, a -> a.generationId().equals(request.generationId())).isEmpty());
        // e.g. parked by one replica while another applied a redelivery of the same envelope
        Parked p = park(LedgerConsumers.REQUESTS, Topics.GENERATION_REQUESTS, requested);

        given().header("Authorization", TOKEN).post(p.replayPath()).then().statusCode(200).body("outcome", equalTo("already_applied"));

        assertEquals(Optional.empty(), row(p));
        assertEquals(1, count("SELECT count(*) FROM transfers WHERE generation_id = ?", request.generationId()));
        assertEquals(990_000, balance(account).get("available_micros"));
        assertEquals(10_000, balance(account).get("held_micros"));
    }

    @Test
    void replayOfARecordThatCannotBeDecodedKeepsItsRowWithTheNewError() {
        Parked malformed = park(LedgerConsumers.REQUESTS, Topics.GENERATION_REQUESTS, "", "{\"event_id\": \"x\", not json", "0 seconds");
        given().header("Authorization", TOKEN).post(malformed.replayPath()).then().statusCode(409)
                .body("status", equalTo("error")).body("error.code", equalTo("BSE2018")).body("error.details.field", equalTo("value"));
        String error = row(malformed).orElseThrow();
        assertTrue(error.contains("malformed event envelope"), error);

        EventEnvelope teleported = EventEnvelope.wrap(request(newAccount(), 10_000));
        String unknownType = teleported.toJson().replace("generation.requested", "generation.teleported");
        Parked unknown = park(LedgerConsumers.REQUESTS, Topics.GENERATION_REQUESTS, teleported.eventId(), unknownType, "0 seconds");
        given().header("Authorization", TOKEN).post(unknown.replayPath()).then().statusCode(409)
                .body("error.code", equalTo("BSE2018")).body("error.message", org.hamcrest.Matchers.containsString("generation.teleported"));
        assertTrue(row(unknown).orElseThrow().contains("unknown to this build"), row(unknown).orElseThrow());
        assertEquals(0, count("SELECT count(*) FROM inbox WHERE event_id = ?", teleported.eventId()));
    }

    @Test
    void replayThatFailsToApplyRollsBackKeepsTheRowAndAnswersAnInternalError() {
        String account = newAccount();
        grant(account, 1_000_000);
        GenerationRequested request = request(account, 10_000);
        // PostgreSQL refuses a NUL character in text: every inbox statement about this event id fails, in the replay
        // as in the consumer that parked the record
        EventEnvelope poisoned = EventEnvelope.wrap("poison\u0000" + request.generationId(), request, Instant.now());
        Parked p = park(LedgerConsumers.REQUESTS, Topics.GENERATION_REQUESTS, "poison", poisoned.toJson(), "0 seconds");

        given().header("Authorization", TOKEN).post(p.replayPath()).then().statusCode(500)
                .body("status", equalTo("error")).body("error.code", equalTo("BSE5001"))
                .body("error.message", equalTo("An internal error occurred.")).body("error.details", nullValue());

        String error = row(p).orElseThrow();
        assertNotEquals("original error", error);
        assertEquals(0, count("SELECT count(*) FROM transfers WHERE generation_id = ?", request.generationId()));
        assertEquals(1_000_000, balance(account).get("available_micros"));
    }

    @Test
    void answersNotFoundForUnknownConsumersTopicsAndOffsets() {
        EventEnvelope envelope = EventEnvelope.wrap(request(newAccount(), 10_000));
        Parked p = park(LedgerConsumers.REQUESTS, Topics.GENERATION_REQUESTS, envelope);
        String[] paths = {
                "/internal/parked-events/ledger.nobody/" + p.topic() + "/" + p.partition() + "/" + p.offset() + "/replay",
                "/internal/parked-events/" + p.consumer() + "/generation.nothing/" + p.partition() + "/" + p.offset() + "/replay",
                "/internal/parked-events/" + p.consumer() + "/" + p.topic() + "/" + (p.partition() + 1) + "/" + p.offset() + "/replay",
                "/internal/parked-events/" + p.consumer() + "/" + p.topic() + "/" + p.partition() + "/" + (p.offset() + 1) + "/replay",
                "/internal/parked-events/" + p.consumer() + "/" + p.topic() + "/three/" + p.offset() + "/replay"};
        for (String path : paths) {
            given().header("Authorization", TOKEN).post(path).then().statusCode(404)
                    .body("status", equalTo("error")).body("error.code", equalTo("BSE2017"));
        }
        given().header("Authorization", TOKEN).post(paths[0]).then().body("error.details.field", equalTo("consumer"));
        assertEquals(Optional.of("original error"), row(p), "the parked row is untouched");
    }

    @Test
    void refusesCallsWithoutTheInternalToken() {
        EventEnvelope envelope = EventEnvelope.wrap(request(newAccount(), 10_000));
        Parked p = park(LedgerConsumers.REQUESTS, Topics.GENERATION_REQUESTS, envelope);
        given().get("/internal/parked-events").then().statusCode(401).body("error.code", equalTo("BSE1002"));
        given().header("Authorization", "Bearer nope").get("/internal/parked-events").then().statusCode(401)
                .body("error.code", equalTo("BSE1002"));
        given().post(p.replayPath()).then().statusCode(401).body("error.code", equalTo("BSE1002"));
        given().header("Authorization", "Bearer nope").post(p.replayPath()).then().statusCode(401).body("error.code", equalTo("BSE1002"));
        assertEquals(Optional.of("original error"), row(p), "not replayed");
        assertEquals(0, count("SELECT count(*) FROM inbox WHERE event_id = ?", envelope.eventId()));
    }
}
