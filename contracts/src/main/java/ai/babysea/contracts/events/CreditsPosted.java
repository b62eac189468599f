package ai.babysea.contracts.events;

/** A reservation was posted: the generation succeeded and its cost is charged. */
public record CreditsPosted(String accountId, String generationId, String transferId, long amountMicros, long balanceAfterMicros)
        implements DomainEvent {
    @Override
    public String aggregateId() {
        return accountId;
    }
}
