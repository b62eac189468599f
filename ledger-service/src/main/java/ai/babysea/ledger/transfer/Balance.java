package ai.babysea.ledger.transfer;

/** A customer's balances in micro-credits. */
public record Balance(String accountId, long availableMicros, long heldMicros, long spentMicros, long grantedMicros) {
}
