package ai.babysea.ledger.reconciliation;

import java.time.Instant;
import java.util.List;

/** The outcome of one reconciliation run over the whole ledger database: counts, and every violated invariant. */
public record ReconciliationReport(boolean ok, Instant checkedAt, long customers, long transfers, long pendingReservations,
        long heldMicros, List<Violation> violations) {

    /** One violated invariant with a sample of the offending rows. */
    public record Violation(String check, String detail) {
    }
}
