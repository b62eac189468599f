package ai.babysea.contracts;

/** Kafka topic names shared by every producer and consumer; the Kafka key is always the event's aggregate id. */
public final class Topics {
    /** Generation requests and cancel requests written by api-service, keyed by generation id. */
    public static final String GENERATION_REQUESTS = "generation.requests";
    /** Admitted generations and forwarded cancels written by ledger-service; the router's scaling unit. */
    public static final String GENERATION_DISPATCH = "generation.dispatch";
    /** Lifecycle facts of a generation (started, attempt failed, succeeded, failed, canceled), keyed by generation id. */
    public static final String GENERATION_EVENTS = "generation.events";
    /** Ledger facts (reserved, posted, voided, granted, low balance), keyed by account id. */
    public static final String LEDGER_EVENTS = "ledger.events";
    /** Commands to the ledger that are not tied to a generation (credit grants), keyed by account id. */
    public static final String LEDGER_COMMANDS = "ledger.commands";

    /** Kafka header carrying the envelope's event id, so consumers can dedupe before parsing. */
    public static final String HEADER_EVENT_ID = "event-id";
    /** Kafka header carrying the envelope's event type. */
    public static final String HEADER_EVENT_TYPE = "event-type";

    private Topics() {
    }
}
