package ai.babysea.ledger.transfer;

/**
 * A generation's terminal outcome as far as money goes: post (charge) or void (refund) its reservation.
 * {@code reason} is the causing event type, kept on the resolving transfer.
 */
public record TerminalFact(String generationId, String accountId, boolean post, String reason) {
    /** Reason of a void done by the expiry sweep. */
    public static final String EXPIRED = "reservation.expired";

    /** A success: the reservation is posted. */
    public static TerminalFact succeeded(String generationId, String accountId) {
        return new TerminalFact(generationId, accountId, true, "generation.succeeded");
    }

    /** A failure: the reservation is voided. */
    public static TerminalFact failed(String generationId, String accountId) {
        return new TerminalFact(generationId, accountId, false, "generation.failed");
    }

    /** A cancel: voided when the router refunded it, posted when the cancel came too late to stop the work. */
    public static TerminalFact canceled(String generationId, String accountId, boolean refunded) {
        return new TerminalFact(generationId, accountId, !refunded, "generation.canceled");
    }
}
