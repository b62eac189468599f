package ai.babysea.contracts.events;

import java.time.Instant;
import java.util.List;

/** The ledger reserved the cost of a generation; the router may now run it. */
public record GenerationAdmitted(
        String generationId,
        String accountId,
        String modelIdentifier,
        String mediaType,
        GenerationParameters parameters,
        List<String> providerOrder,
        boolean providerOrderFastest,
        long costMicros,
        String reservationTransferId,
        Instant admittedAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return generationId;
    }
}
