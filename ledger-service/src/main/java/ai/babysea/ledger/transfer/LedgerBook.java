package ai.babysea.ledger.transfer;

import ai.babysea.contracts.events.DomainEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The unit of work of one ledger transaction: the customers it locked (in account-id order, so concurrent
 * transactions cannot deadlock), their balances changed in memory, and every row and event it will write. The
 * store flushes it with one statement per table, which is what makes a 500-event poll batch cheap.
 */
final class LedgerBook {
    static final int AVAILABLE = 0;
    static final int HELD = 1;
    static final int SPENT = 2;
    static final int GRANTED = 3;
    static final String[] KINDS = {AccountIds.AVAILABLE, AccountIds.HELD, AccountIds.SPENT, AccountIds.GRANTED};

    private final Map<String, long[]> balances;
    /** Changed ledger account rows (customer, kind); only these are written back. */
    private final Set<String> changedRows = new LinkedHashSet<>();
    final List<NewTransfer> transfers = new ArrayList<>();
    final List<Rejection> rejections = new ArrayList<>();
    final List<EarlyTerminal> earlyTerminalsRecorded = new ArrayList<>();
    final List<String> earlyTerminalsApplied = new ArrayList<>();
    final List<DomainEvent> events = new ArrayList<>();
    /** Alert state of the locked customers, loaded on first use. */
    AlertState alerts;

    LedgerBook(Map<String, long[]> balances) {
        this.balances = balances;
    }

    boolean holds(String accountId) {
        return balances.containsKey(accountId);
    }

    Set<String> accountIds() {
        return balances.keySet();
    }

    long balance(String accountId, int kind) {
        return balances.get(accountId)[kind];
    }

    /**
     * Moves an amount between two accounts of one customer. Customer accounts never go negative: the caller checks
     * first, this guards (an IllegalStateException rolls the batch back), and the database CHECK guards again.
     */
    void move(String accountId, int from, int to, long amountMicros) {
        long[] row = balances.get(accountId);
        if (row == null) {
            throw new IllegalStateException("account " + accountId + " is not locked by this transaction");
        }
        long fromAfter = Math.subtractExact(row[from], amountMicros);
        if (from != GRANTED && fromAfter < 0) {
            throw new IllegalStateException("would make " + accountId + ":" + KINDS[from] + " negative");
        }
        row[from] = fromAfter;
        row[to] = Math.addExact(row[to], amountMicros);
        changedRows.add(AccountIds.of(accountId, KINDS[from]));
        changedRows.add(AccountIds.of(accountId, KINDS[to]));
    }

    /** Every changed ledger account row as (id, balance). */
    Map<String, Long> changedRows() {
        Map<String, Long> rows = new HashMap<>();
        for (String accountId : balances.keySet()) {
            long[] row = balances.get(accountId);
            for (int kind = 0; kind < KINDS.length; kind++) {
                String id = AccountIds.of(accountId, KINDS[kind]);
                if (changedRows.contains(id)) {
                    rows.put(id, row[kind]);
                }
            }
        }
        return rows;
    }

    /** A transfer to insert. */
    record NewTransfer(UUID id, String accountId, String kind, String debitAccount, String creditAccount, long amountMicros,
            UUID pendingId, String generationId, String modelIdentifier, String grantKey, String description, String reason,
            long availableAfterMicros, Instant expiresAt) {
    }

    /** A generation closed without a reservation. */
    record Rejection(String generationId, String accountId, String errorCode, long costMicros, String modelIdentifier,
            String reason) {
    }

    /** A terminal fact recorded before its reservation. */
    record EarlyTerminal(String generationId, String accountId, boolean post, String reason) {
    }

    /** Low-balance settings and fired thresholds of the locked customers, changed in memory and flushed. */
    static final class AlertState {
        final Map<String, Settings> settings;
        final Map<String, Set<Long>> fired;
        final List<Object[]> firedNow = new ArrayList<>();
        final List<Object[]> rearmedNow = new ArrayList<>();

        AlertState(Map<String, Settings> settings, Map<String, Set<Long>> fired) {
            this.settings = settings;
            this.fired = fired;
        }
    }

    /** One customer's alert settings. */
    record Settings(boolean enabled, long[] thresholdsMicros) {
    }
}
