package ai.babysea.ledger.transfer;

import java.time.Instant;

/** One transfer as a customer sees it: type (reserve/charge/refund/add), amount and balance after. */
public record StatementEntry(String transferId, String type, long amountMicros, long balanceAfterMicros, String generationId,
        String modelIdentifier, String description, Instant createdAt) {
}
