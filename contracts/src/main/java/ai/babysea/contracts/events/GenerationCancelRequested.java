package ai.babysea.contracts.events;

import java.time.Instant;

/** A user asked to cancel a generation; travels behind the request on the same key so it stays ordered. */
public record GenerationCancelRequested(String generationId, String accountId, Instant requestedAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return generationId;
    }
}
