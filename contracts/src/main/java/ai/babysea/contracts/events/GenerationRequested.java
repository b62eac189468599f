package ai.babysea.contracts.events;

import java.time.Instant;
import java.util.List;

/** api-service accepted a generation request and created its record in `pending`; the ledger must reserve its cost. */
public record GenerationRequested(
        String generationId,
        String accountId,
        String modelIdentifier,
        String mediaType,
        GenerationParameters parameters,
        List<String> providerOrder,
        boolean providerOrderFastest,
        long costMicros,
        Instant requestedAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return generationId;
    }
}
