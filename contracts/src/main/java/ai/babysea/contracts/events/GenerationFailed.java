package ai.babysea.contracts.events;

import java.time.Instant;
import java.util.List;

/** The generation failed (chain exhausted, rejected by the ledger, or expired); terminal, never charged. */
public record GenerationFailed(
        String generationId,
        String accountId,
        String modelIdentifier,
        String errorCode,
        String errorMessage,
        List<ProviderError> providerErrors,
        String failedBy,
        Instant failedAt) implements DomainEvent {
    /** `failed_by` value when the ledger rejected the reservation. */
    public static final String BY_LEDGER = "ledger";
    /** `failed_by` value when the router exhausted the chain. */
    public static final String BY_ROUTER = "router";

    @Override
    public String aggregateId() {
        return generationId;
    }
}
