package ai.babysea.contracts.events;

import java.time.Instant;

/** The generation was canceled; `credits_refunded` tells whether the reservation is voided. Terminal. */
public record GenerationCanceled(
        String generationId,
        String accountId,
        String modelIdentifier,
        String predictionId,
        boolean providerCancelSent,
        boolean creditsRefunded,
        Instant canceledAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return generationId;
    }
}
