package ai.babysea.contracts.events;

/** A reservation was voided (failure, cancel or expiry): the held amount is back on the balance. */
public record CreditsVoided(String accountId, String generationId, String transferId, long amountMicros, long balanceAfterMicros,
        String reason) implements DomainEvent {
    @Override
    public String aggregateId() {
        return accountId;
    }
}
