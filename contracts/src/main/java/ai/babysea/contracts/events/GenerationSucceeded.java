package ai.babysea.contracts.events;

import java.time.Instant;
import java.util.List;

/** Outputs were produced and stored in our object storage; terminal. */
public record GenerationSucceeded(
        String generationId,
        String accountId,
        String modelIdentifier,
        String provider,
        String predictionId,
        List<String> outputFiles,
        Double predictTimeSeconds,
        Instant startedAt,
        Instant completedAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return generationId;
    }
}
