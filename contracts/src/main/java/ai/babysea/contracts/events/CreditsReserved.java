package ai.babysea.contracts.events;

/** A pending transfer holds the cost of a generation. */
public record CreditsReserved(String accountId, String generationId, String transferId, long amountMicros, long balanceAfterMicros)
        implements DomainEvent {
    @Override
    public String aggregateId() {
        return accountId;
    }
}
