package ai.babysea.contracts.events;

import java.time.Instant;

/** One provider attempt failed; the router fails over when the failure is retryable. */
public record GenerationAttemptFailed(
        String generationId,
        String accountId,
        String modelIdentifier,
        String provider,
        String predictionId,
        int attempt,
        String errorCode,
        String errorMessage,
        boolean retryable,
        long durationMs,
        Instant failedAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return generationId;
    }
}
