package ai.babysea.contracts.events;

import java.time.Instant;

/** A provider accepted the generation; it is now `processing`. */
public record GenerationStarted(
        String generationId,
        String accountId,
        String modelIdentifier,
        String provider,
        String predictionId,
        int attempt,
        Instant startedAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return generationId;
    }
}
