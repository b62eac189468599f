package ai.babysea.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** A fact (or, for the few commands, a request) that travels between services inside an {@link EventEnvelope}. */
public interface DomainEvent {
    /** The Kafka key and envelope aggregate id: the generation id for generation events, the account id for ledger events. */
    @JsonIgnore
    String aggregateId();

    /** The wire name of this event's type. */
    @JsonIgnore
    default EventType type() {
        return EventType.of(getClass());
    }
}
