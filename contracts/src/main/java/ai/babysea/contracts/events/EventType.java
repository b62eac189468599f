package ai.babysea.contracts.events;

import ai.babysea.contracts.Topics;

/** Every event type with its wire name, payload record, schema version and the topic it travels on. */
public enum EventType {
    GENERATION_REQUESTED("generation.requested", GenerationRequested.class, Topics.GENERATION_REQUESTS),
    GENERATION_CANCEL_REQUESTED("generation.cancel_requested", GenerationCancelRequested.class, Topics.GENERATION_REQUESTS),
    GENERATION_ADMITTED("generation.admitted", GenerationAdmitted.class, Topics.GENERATION_DISPATCH),
    GENERATION_CANCEL_FORWARDED("generation.cancel_forwarded", GenerationCancelForwarded.class, Topics.GENERATION_DISPATCH),
    GENERATION_STARTED("generation.started", GenerationStarted.class, Topics.GENERATION_EVENTS),
    GENERATION_ATTEMPT_FAILED("generation.attempt_failed", GenerationAttemptFailed.class, Topics.GENERATION_EVENTS),
    GENERATION_SUCCEEDED("generation.succeeded", GenerationSucceeded.class, Topics.GENERATION_EVENTS),
    GENERATION_FAILED("generation.failed", GenerationFailed.class, Topics.GENERATION_EVENTS),
    GENERATION_CANCELED("generation.canceled", GenerationCanceled.class, Topics.GENERATION_EVENTS),
    CREDITS_RESERVED("credits.reserved", CreditsReserved.class, Topics.LEDGER_EVENTS),
    CREDITS_POSTED("credits.posted", CreditsPosted.class, Topics.LEDGER_EVENTS),
    CREDITS_VOIDED("credits.voided", CreditsVoided.class, Topics.LEDGER_EVENTS),
    CREDITS_GRANTED("credits.granted", CreditsGranted.class, Topics.LEDGER_EVENTS),
    LOW_BALANCE_CROSSED("credits.low_balance_crossed", LowBalanceCrossed.class, Topics.LEDGER_EVENTS),
    CREDIT_GRANT_REQUESTED("credits.grant_requested", CreditGrantRequested.class, Topics.LEDGER_COMMANDS);

    /** Current schema version of every payload; changes are additive, a breaking change is a new type. */
    public static final int SCHEMA_VERSION = 1;

    private final String wireName;
    private final Class<? extends DomainEvent> payloadType;
    private final String topic;

    EventType(String wireName, Class<? extends DomainEvent> payloadType, String topic) {
        this.wireName = wireName;
        this.payloadType = payloadType;
        this.topic = topic;
    }

    /** The `event_type` string on the wire. */
    public String wireName() {
        return wireName;
    }

    /** The record class of the payload. */
    public Class<? extends DomainEvent> payloadType() {
        return payloadType;
    }

    /** The topic this event is published to. */
    public String topic() {
        return topic;
    }

    /** The type of a payload class. */
    public static EventType of(Class<?> payloadClass) {
        for (EventType type : values()) {
            if (type.payloadType == payloadClass) {
                return type;
            }
        }
        throw new IllegalArgumentException("not an event payload: " + payloadClass.getName());
    }

    /** The type with this wire name, or null when unknown (a newer producer's type; consumers skip it). */
    public static EventType ofWireName(String wireName) {
        for (EventType type : values()) {
            if (type.wireName.equals(wireName)) {
                return type;
            }
        }
        return null;
    }
}
