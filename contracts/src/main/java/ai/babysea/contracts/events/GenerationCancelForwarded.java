package ai.babysea.contracts.events;

import java.time.Instant;

/** The ledger forwarded a cancel request to the router, on the dispatch topic, behind the admission. */
public record GenerationCancelForwarded(String generationId, String accountId, Instant requestedAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return generationId;
    }
}
