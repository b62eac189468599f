package ai.babysea.ledger.transfer;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.ledger.config.LedgerConfig;
import ai.babysea.ledger.transfer.LedgerBook.AlertState;
import ai.babysea.ledger.transfer.LedgerBook.Settings;
import ai.babysea.platform.error.ServiceException;
import ai.babysea.platform.jdbc.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Reads and updates a customer's low-balance thresholds (at most 10 distinct positive amounts with 3 decimals of a credit). */
@ApplicationScoped
public class AlertSettingsService {
    /** The contract allows at most this many thresholds per account. */
    public static final int MAX_THRESHOLDS = 10;
    /** Thresholds are credits with 3 decimals, so whole multiples of this many micros. */
    static final long THRESHOLD_STEP_MICROS = 1_000;

    private final Sql sql;
    private final LedgerStore store;
    private final LowBalanceAlerts alerts;
    private final LedgerConfig config;

    AlertSettingsService(Sql sql, LedgerStore store, LowBalanceAlerts alerts, LedgerConfig config) {
        this.sql = sql;
        this.store = store;
        this.alerts = alerts;
        this.config = config;
    }

    /** The settings (the default when never set) and fired thresholds; BSE3007 when the ledger has no such customer. */
    @Transactional
    public AlertSettings read(String accountId) {
        requireAccount(accountId);
        LedgerBook book = new LedgerBook(new TreeMap<>(Map.of(accountId, new long[4])));
        AlertState state = store.loadAlerts(book);
        Settings settings = alerts.settings(state, accountId);
        List<Long> fired = new ArrayList<>(state.fired.getOrDefault(accountId, Set.of()));
        fired.sort(null);
        return new AlertSettings(accountId, settings.enabled(), Arrays.stream(settings.thresholdsMicros()).sorted().boxed().toList(),
                fired);
    }

    /** Replaces the settings; thresholds no longer listed lose their fired state. BSE3009 for an invalid list. */
    @Transactional
    public AlertSettings update(String accountId, boolean enabled, List<Long> thresholdsMicros) {
        validate(thresholdsMicros);
        requireAccount(accountId);
        // Under the account lock, so no reservation evaluates the old thresholds while they are replaced.
        store.lock(List.of(accountId));
        Long[] thresholds = thresholdsMicros.stream().sorted().toArray(Long[]::new);
        sql.update("INSERT INTO alert_settings (account_id, enabled, thresholds_micros) VALUES (?, ?, ?) ON CONFLICT (account_id) "
                + "DO UPDATE SET enabled = EXCLUDED.enabled, thresholds_micros = EXCLUDED.thresholds_micros, updated_at = now()",
                accountId, enabled, thresholds);
        sql.update("DELETE FROM alert_fired WHERE account_id = ? AND NOT (threshold_micros = ANY (?))", accountId, thresholds);
        return read(accountId);
    }

    void validate(List<Long> thresholdsMicros) {
        if (thresholdsMicros == null) {
            throw invalid("thresholds_micros is required");
        }
        if (thresholdsMicros.size() > MAX_THRESHOLDS) {
            throw invalid("at most " + MAX_THRESHOLDS + " thresholds");
        }
        Set<Long> seen = new HashSet<>();
        for (Long threshold : thresholdsMicros) {
            if (threshold == null || threshold <= 0 || threshold > config.maxAmountMicros()) {
                throw invalid("every threshold must be a positive amount of micro-credits within bounds");
            }
            if (threshold % THRESHOLD_STEP_MICROS != 0) {
                throw invalid("thresholds have at most 3 decimals of a credit (multiples of 1000 micros)");
            }
            if (!seen.add(threshold)) {
                throw invalid("thresholds must be distinct");
            }
        }
    }

    private static ServiceException invalid(String message) {
        return new ServiceException(ErrorCode.LEDGER_THRESHOLDS_INVALID, message, "thresholds_micros");
    }

    private void requireAccount(String accountId) {
        if (!TransferService.validAccount(accountId)
                || sql.queryLong("SELECT 1 FROM ledger_accounts WHERE account_id = ? LIMIT 1", accountId).isEmpty()) {
            throw new ServiceException(ErrorCode.LEDGER_ACCOUNT_NOT_FOUND, ErrorCode.LEDGER_ACCOUNT_NOT_FOUND.defaultMessage(),
                    "account_id");
        }
    }
}
