package ai.babysea.contracts.events;

/** Command to the ledger: add credits to an account, idempotent by `grant_key` (e.g. `invoice:in_123`). */
public record CreditGrantRequested(String accountId, String grantKey, long amountMicros, String description) implements DomainEvent {
    @Override
    public String aggregateId() {
        return accountId;
    }
}
