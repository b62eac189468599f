package ai.babysea.ledger.transfer;

import ai.babysea.contracts.events.LowBalanceCrossed;
import ai.babysea.contracts.events.LowBalanceCrossed.ThresholdCrossing;
import ai.babysea.ledger.config.LedgerConfig;
import ai.babysea.ledger.transfer.LedgerBook.AlertState;
import ai.babysea.ledger.transfer.LedgerBook.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Low-balance thresholds (docs/api/webhooks.md, `credits.low_balance`): after a reservation each armed threshold the available balance fell
 * below fires once (one {@link LowBalanceCrossed} per reservation listing all of them); a grant or a void that
 * brings the balance back to at least the threshold re-arms it. Works on the transaction's {@link LedgerBook},
 * so it costs no statement per event and never blocks the reservation beyond its own transaction.
 */
@ApplicationScoped
class LowBalanceAlerts {
    private final LedgerStore store;
    private final LedgerConfig config;

    LowBalanceAlerts(LedgerStore store, LedgerConfig config) {
        this.store = store;
        this.config = config;
    }

    private AlertState state(LedgerBook book) {
        if (book.alerts == null) {
            book.alerts = store.loadAlerts(book);
        }
        return book.alerts;
    }

    Settings settings(AlertState state, String accountId) {
        Settings settings = state.settings.get(accountId);
        return settings != null ? settings : new Settings(true, new long[] {config.alertDefaultThresholdMicros()});
    }

    /** Fires the armed thresholds the balance just fell below. */
    void afterReservation(LedgerBook book, String accountId, long availableAfterMicros) {
        AlertState state = state(book);
        Settings settings = settings(state, accountId);
        if (!settings.enabled()) {
            return;
        }
        Set<Long> fired = state.fired.computeIfAbsent(accountId, k -> new HashSet<>());
        List<ThresholdCrossing> crossed = new ArrayList<>();
        for (long threshold : settings.thresholdsMicros()) {
            if (availableAfterMicros < threshold && fired.add(threshold)) {
                crossed.add(new ThresholdCrossing(threshold, availableAfterMicros));
                state.firedNow.add(new Object[] {accountId, threshold, availableAfterMicros});
            }
        }
        if (!crossed.isEmpty()) {
            book.events.add(new LowBalanceCrossed(accountId, availableAfterMicros, crossed));
        }
    }

    /** Re-arms the fired thresholds the balance is back at or above. */
    void afterIncrease(LedgerBook book, String accountId, long availableAfterMicros) {
        AlertState state = state(book);
        Set<Long> fired = state.fired.get(accountId);
        if (fired == null || fired.isEmpty()) {
            return;
        }
        for (Long threshold : new ArrayList<>(fired)) {
            if (availableAfterMicros >= threshold) {
                fired.remove(threshold);
                boolean firedInThisBatch = state.firedNow.removeIf(f -> f[0].equals(accountId) && f[1].equals(threshold));
                if (!firedInThisBatch) {
                    state.rearmedNow.add(new Object[] {accountId, threshold});
                }
            }
        }
    }
}
