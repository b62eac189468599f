package ai.babysea.contracts.events;

import ai.babysea.contracts.Ids;
import ai.babysea.contracts.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The envelope every event travels in: `event_id` (UUIDv7), `event_type`, `schema_version`,
 * `occurred_at`, `aggregate_id` (the Kafka key) and the `payload`.
 */
public record EventEnvelope(
        String eventId,
        String eventType,
        int schemaVersion,
        Instant occurredAt,
        String aggregateId,
        JsonNode payload) {

    /** Wraps a payload in a fresh envelope with a new event id and the current time. */
    public static EventEnvelope wrap(DomainEvent event) {
        return wrap(Ids.uuidV7().toString(), event, Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    /** Wraps a payload with a caller-chosen event id (derived ids make re-emission idempotent). */
    public static EventEnvelope wrap(String eventId, DomainEvent event, Instant occurredAt) {
        return new EventEnvelope(eventId, event.type().wireName(), EventType.SCHEMA_VERSION, occurredAt,
                event.aggregateId(), Json.mapper().valueToTree(event));
    }

    /**
     * The JSON text of the envelope {@link #wrap(String, DomainEvent, Instant)} would make, written straight from the
     * event: the same bytes without building the payload's tree first (what every outbox row pays).
     */
    public static String toJson(String eventId, DomainEvent event, Instant occurredAt) {
        java.io.StringWriter out = new java.io.StringWriter(512);
        try (com.fasterxml.jackson.core.JsonGenerator json = Json.mapper().getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("event_id", eventId);
            json.writeStringField("event_type", event.type().wireName());
            json.writeNumberField("schema_version", EventType.SCHEMA_VERSION);
            json.writeFieldName("occurred_at");
            Json.mapper().writeValue(json, occurredAt);
            json.writeStringField("aggregate_id", event.aggregateId());
            json.writeFieldName("payload");
            Json.mapper().writeValue(json, event);
            json.writeEndObject();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("could not write the envelope of " + event.type(), e);
        }
        return out.toString();
    }

    /** Parses an envelope from its JSON text. */
    public static EventEnvelope parse(String json) {
        try {
            return Json.mapper().readValue(json, EventEnvelope.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed event envelope: " + e.getOriginalMessage(), e);
        }
    }

    /** This envelope as JSON text. */
    public String toJson() {
        try {
            return Json.mapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The known type of this envelope, or null for a type this build does not know. */
    public EventType type() {
        return EventType.ofWireName(eventType);
    }

    /** The payload decoded into its record type, or null for an unknown type. */
    public DomainEvent decode() {
        EventType type = type();
        return type == null ? null : payloadAs(type.payloadType());
    }

    /** The payload decoded into the given record type. */
    public <T extends DomainEvent> T payloadAs(Class<T> payloadType) {
        try {
            return Json.mapper().treeToValue(payload, payloadType);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed " + eventType + " payload: " + e.getOriginalMessage(), e);
        }
    }
}
