package ai.babysea.contracts.events;

/** Credits were added to an account (welcome grant, plan allocation, top-up). */
public record CreditsGranted(String accountId, String grantKey, String transferId, long amountMicros, long balanceAfterMicros)
        implements DomainEvent {
    @Override
    public String aggregateId() {
        return accountId;
    }
}
