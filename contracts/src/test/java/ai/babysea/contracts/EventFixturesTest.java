package ai.babysea.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.contracts.events.DomainEvent;
import ai.babysea.contracts.events.EventEnvelope;
import ai.babysea.contracts.events.EventType;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Golden fixtures: every event type has `fixtures/<event_type>.json`; the example record must
 * serialize to exactly that JSON and the JSON must parse back to an equal record. Set
 * `-Dfixtures.write=true` to rewrite the files after an intended (additive) change.
 */
class EventFixturesTest {

    @Test
    void everyEventTypeRoundTripsThroughItsGoldenFixture() throws IOException {
        Map<EventType, DomainEvent> examples = EventExamples.all();
        assertEquals(EventType.values().length, examples.size(), "an example for every event type");
        for (Map.Entry<EventType, DomainEvent> entry : examples.entrySet()) {
            EventType type = entry.getKey();
            EventEnvelope envelope = EventEnvelope.wrap("0190a8d2-1111-7222-8333-444455556666", entry.getValue(), EventExamples.T);
            String resource = "/fixtures/" + type.wireName() + ".json";
            if (Boolean.getBoolean("fixtures.write")) {
                Path file = Path.of("src/test/resources" + resource);
                Files.writeString(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(envelope) + "\n");
                continue;
            }
            String golden;
            try (InputStream in = getClass().getResourceAsStream(resource)) {
                assertNotNull(in, "missing golden fixture " + resource);
                golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            JsonNode expected = Json.mapper().readTree(golden);
            assertEquals(expected, Json.mapper().readTree(envelope.toJson()), type + " serializes to its fixture");

            EventEnvelope parsed = EventEnvelope.parse(golden);
            assertEquals(type, parsed.type());
            assertEquals(entry.getValue(), parsed.decode(), type + " parses back to the same record");
            assertEquals(entry.getValue().aggregateId(), parsed.aggregateId());
            assertTrue(expected.has("event_id") && expected.has("occurred_at") && expected.has("schema_version"));
        }
    }

    @Test
    void theEnvelopeWrittenStraightFromTheEventIsByteForByteTheWrappedOne() {
        for (DomainEvent event : EventExamples.all().values()) {
            String id = UUID.randomUUID().toString();
            assertEquals(EventEnvelope.wrap(id, event, EventExamples.T).toJson(), EventEnvelope.toJson(id, event, EventExamples.T),
                    event.type().wireName());
        }
    }

    @Test
    void envelopeUsesSnakeCaseAndIsoInstants() {
        EventEnvelope envelope = EventEnvelope.wrap("e1", EventExamples.all().get(EventType.GENERATION_STARTED), EventExamples.T);
        String json = envelope.toJson();
        assertTrue(json.contains("\"event_type\":\"generation.started\""), json);
        assertTrue(json.contains("\"occurred_at\":\"2026-11-24T10:00:00.123456Z\""), json);
        assertTrue(json.contains("\"prediction_id\""), json);
    }

    @Test
    void unknownEventTypeDecodesToNullSoOlderConsumersSkipIt() {
        EventEnvelope envelope = EventEnvelope.parse("{\"event_id\":\"x\",\"event_type\":\"generation.teleported\","
                + "\"schema_version\":1,\"occurred_at\":\"2026-11-24T10:00:00Z\",\"aggregate_id\":\"g\",\"payload\":{},\"new_field\":1}");
        assertNull(envelope.decode());
    }

    @Test
    void uuidV7IsVersion7AndTimeOrdered() throws InterruptedException {
        UUID first = Ids.uuidV7();
        Thread.sleep(2);
        UUID second = Ids.uuidV7();
        assertEquals(7, first.version());
        assertEquals(2, first.variant());
        assertTrue(first.getMostSignificantBits() >>> 16 < second.getMostSignificantBits() >>> 16);
    }
}
