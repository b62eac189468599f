package ai.babysea.ledger.transfer;

import ai.babysea.ledger.transfer.LedgerBook.AlertState;
import ai.babysea.ledger.transfer.LedgerBook.EarlyTerminal;
import ai.babysea.ledger.transfer.LedgerBook.NewTransfer;
import ai.babysea.ledger.transfer.LedgerBook.Rejection;
import ai.babysea.ledger.transfer.LedgerBook.Settings;
import ai.babysea.platform.jdbc.Sql;
import ai.babysea.platform.outbox.OutboxWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Array;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * SQL of the ledger, set-based: every read and write takes the whole batch's keys as arrays, so the number of
 * statements per transaction does not grow with the number of events in it.
 */
@ApplicationScoped
class LedgerStore {
    private final Sql sql;
    private final OutboxWriter outbox;

    LedgerStore(Sql sql, OutboxWriter outbox) {
        this.sql = sql;
        this.outbox = outbox;
    }

    /**
     * Creates missing customers and locks each given customer (its `available` row) in account-id order. Every
     * transaction that changes balances starts here, once, so two transactions always lock in the same order.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    LedgerBook lock(Collection<String> accountIds) {
        String[] sorted = new TreeSet<>(accountIds).toArray(String[]::new);
        Map<String, long[]> balances = new TreeMap<>();
        if (sorted.length == 0) {
            return new LedgerBook(balances);
        }
        sql.update("INSERT INTO ledger_accounts (id, account_id, kind) "
                + "SELECT a.account_id || ':' || k.kind, a.account_id, k.kind FROM unnest(?::text[]) AS a(account_id) "
                + "CROSS JOIN (VALUES ('available'), ('granted'), ('held'), ('spent')) AS k(kind) "
                + "WHERE NOT EXISTS (SELECT 1 FROM ledger_accounts x WHERE x.account_id = a.account_id) "
                + "ORDER BY 1 ON CONFLICT DO NOTHING", (Object) sorted);
        // The customer's `available` row is its lock: every transaction that changes any of the customer's four
        // balances locks it first (here), so once it is held the other three rows can be read without locking them
        // (READ COMMITTED: the statement after the lock sees every earlier writer's commit). One row lock per
        // customer instead of four.
        String[] lockIds = new String[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            lockIds[i] = AccountIds.of(sorted[i], AccountIds.AVAILABLE);
        }
        sql.query("SELECT account_id, balance_micros FROM ledger_accounts WHERE id = ANY (?::text[]) ORDER BY id FOR UPDATE", rs -> {
            balances.computeIfAbsent(rs.getString(1), k -> new long[4])[LedgerBook.AVAILABLE] = rs.getLong(2);
            return null;
        }, (Object) lockIds);
        sql.query("SELECT account_id, kind, balance_micros FROM ledger_accounts WHERE account_id = ANY (?::text[]) "
                + "AND kind <> 'available'", rs -> {
                    long[] row = balances.computeIfAbsent(rs.getString(1), k -> new long[4]);
                    row[kindIndex(rs.getString(2))] = rs.getLong(3);
                    return null;
                }, (Object) sorted);
        return new LedgerBook(balances);
    }

    private static int kindIndex(String kind) {
        return switch (kind) {
            case AccountIds.AVAILABLE -> LedgerBook.AVAILABLE;
            case AccountIds.HELD -> LedgerBook.HELD;
            case AccountIds.SPENT -> LedgerBook.SPENT;
            default -> LedgerBook.GRANTED;
        };
    }

    /** A reservation (pending transfer) as stored. */
    record Reservation(UUID id, String generationId, String accountId, long amountMicros, String modelIdentifier,
            Instant expiresAt) {
    }

    /** The post or void of a reservation as stored. */
    record Resolution(String generationId, boolean post, String reason) {
    }

    /** Reservations of these generations, by generation id. */
    Map<String, Reservation> reservations(Collection<String> generationIds) {
        Map<String, Reservation> found = new HashMap<>();
        if (generationIds.isEmpty()) {
            return found;
        }
        String[] ids = generationIds.stream().map(g -> TransferService.reserveId(g).toString()).toArray(String[]::new);
        sql.query("SELECT id, generation_id, account_id, amount_micros, model_identifier, expires_at FROM transfers "
                + "WHERE id = ANY (?::uuid[])", rs -> found.put(rs.getString(2), new Reservation(rs.getObject(1, UUID.class),
                        rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5), Sql.instant(rs, "expires_at"))),
                (Object) ids);
        return found;
    }

    /** Posts and voids of these generations, by generation id. */
    Map<String, Resolution> resolutions(Collection<String> generationIds) {
        Map<String, Resolution> found = new HashMap<>();
        if (generationIds.isEmpty()) {
            return found;
        }
        String[] ids = generationIds.stream().map(g -> TransferService.resolutionId(g).toString()).toArray(String[]::new);
        sql.query("SELECT generation_id, kind, reason FROM transfers WHERE id = ANY (?::uuid[])",
                rs -> found.put(rs.getString(1), new Resolution(rs.getString(1), "post".equals(rs.getString(2)), rs.getString(3))),
                (Object) ids);
        return found;
    }

    /** Generations closed without a reservation, by generation id. */
    Map<String, Rejection> rejections(Collection<String> generationIds) {
        Map<String, Rejection> found = new HashMap<>();
        if (generationIds.isEmpty()) {
            return found;
        }
        sql.query("SELECT generation_id, account_id, error_code, cost_micros, model_identifier, reason FROM rejected_generations "
                + "WHERE generation_id = ANY (?::text[])", rs -> found.put(rs.getString(1), new Rejection(rs.getString(1),
                        rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(6))),
                (Object) generationIds.toArray(String[]::new));
        return found;
    }

    /** Terminal facts waiting for their reservation, by generation id. */
    Map<String, EarlyTerminal> earlyTerminals(Collection<String> generationIds) {
        Map<String, EarlyTerminal> found = new HashMap<>();
        if (generationIds.isEmpty()) {
            return found;
        }
        sql.query("SELECT generation_id, account_id, outcome, reason FROM early_terminals WHERE generation_id = ANY (?::text[])",
                rs -> found.put(rs.getString(1), new EarlyTerminal(rs.getString(1), rs.getString(2), "post".equals(rs.getString(3)),
                        rs.getString(4))),
                (Object) generationIds.toArray(String[]::new));
        return found;
    }

    /** A grant as stored. */
    record StoredGrant(String accountId, long amountMicros) {
    }

    /** Grants with these keys, by key. */
    Map<String, StoredGrant> grants(Collection<String> grantKeys) {
        Map<String, StoredGrant> found = new HashMap<>();
        if (grantKeys.isEmpty()) {
            return found;
        }
        String[] ids = grantKeys.stream().map(k -> TransferService.grantId(k).toString()).toArray(String[]::new);
        sql.query("SELECT grant_key, account_id, amount_micros FROM transfers WHERE id = ANY (?::uuid[])",
                rs -> found.put(rs.getString(1), new StoredGrant(rs.getString(2), rs.getLong(3))), (Object) ids);
        return found;
    }

    /** Pending reservations past their bound (not locked: the caller locks their accounts and re-checks). */
    List<Reservation> overdue(Instant now, int limit) {
        return sql.query("SELECT r.id, r.generation_id, r.account_id, r.amount_micros, r.model_identifier, r.expires_at "
                        + "FROM transfers r WHERE r.kind = 'reserve' AND r.expires_at < ? "
                        + "AND NOT EXISTS (SELECT 1 FROM transfers x WHERE x.pending_id = r.id) ORDER BY r.expires_at LIMIT ?",
                rs -> new Reservation(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                        Sql.instant(rs, "expires_at")), now, limit);
    }

    /** Loads the alert settings and fired thresholds of every customer the book locked. */
    AlertState loadAlerts(LedgerBook book) {
        String[] accounts = book.accountIds().toArray(String[]::new);
        Map<String, Settings> settings = new HashMap<>();
        sql.query("SELECT account_id, enabled, thresholds_micros FROM alert_settings WHERE account_id = ANY (?::text[])", rs -> {
            Array array = rs.getArray(3);
            Long[] values = (Long[]) array.getArray();
            long[] thresholds = new long[values.length];
            for (int i = 0; i < values.length; i++) {
                thresholds[i] = values[i];
            }
            settings.put(rs.getString(1), new Settings(rs.getBoolean(2), thresholds));
            return null;
        }, (Object) accounts);
        Map<String, Set<Long>> fired = new HashMap<>();
        sql.query("SELECT account_id, threshold_micros FROM alert_fired WHERE account_id = ANY (?::text[])",
                rs -> fired.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getLong(2)), (Object) accounts);
        return new AlertState(settings, fired);
    }

    /** Writes everything the book collected: balances, transfers, rejections, early facts, alert state, outbox events. */
    @Transactional(Transactional.TxType.MANDATORY)
    void flush(LedgerBook book) {
        Map<String, Long> rows = book.changedRows();
        if (!rows.isEmpty()) {
            List<String> ids = new ArrayList<>(new TreeSet<>(rows.keySet()));
            sql.update("UPDATE ledger_accounts a SET balance_micros = v.balance FROM unnest(?::text[], ?::bigint[]) AS v(id, balance) "
                    + "WHERE a.id = v.id", ids.toArray(String[]::new), ids.stream().map(rows::get).toArray(Long[]::new));
        }
        if (!book.transfers.isEmpty()) {
            insertTransfers(book.transfers);
        }
        if (!book.rejections.isEmpty()) {
            List<Rejection> r = book.rejections;
            sql.update("INSERT INTO rejected_generations (generation_id, account_id, error_code, cost_micros, model_identifier, reason) "
                            + "SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[])",
                    r.stream().map(Rejection::generationId).toArray(String[]::new),
                    r.stream().map(Rejection::accountId).toArray(String[]::new),
                    r.stream().map(Rejection::errorCode).toArray(String[]::new),
                    r.stream().map(Rejection::costMicros).toArray(Long[]::new),
                    r.stream().map(Rejection::modelIdentifier).toArray(String[]::new),
                    r.stream().map(Rejection::reason).toArray(String[]::new));
        }
        if (!book.earlyTerminalsRecorded.isEmpty()) {
            List<EarlyTerminal> e = book.earlyTerminalsRecorded;
            sql.update("INSERT INTO early_terminals (generation_id, account_id, outcome, reason) "
                            + "SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) ON CONFLICT DO NOTHING",
                    e.stream().map(EarlyTerminal::generationId).toArray(String[]::new),
                    e.stream().map(EarlyTerminal::accountId).toArray(String[]::new),
                    e.stream().map(t -> t.post() ? "post" : "void").toArray(String[]::new),
                    e.stream().map(EarlyTerminal::reason).toArray(String[]::new));
        }
        if (!book.earlyTerminalsApplied.isEmpty()) {
            sql.update("DELETE FROM early_terminals WHERE generation_id = ANY (?::text[])",
                    (Object) book.earlyTerminalsApplied.toArray(String[]::new));
        }
        AlertState alerts = book.alerts;
        // re-arms before fires: a threshold re-armed and fired again in one batch ends fired, with its new balance
        if (alerts != null && !alerts.rearmedNow.isEmpty()) {
            sql.update("DELETE FROM alert_fired f USING unnest(?::text[], ?::bigint[]) AS v(account_id, threshold_micros) "
                            + "WHERE f.account_id = v.account_id AND f.threshold_micros = v.threshold_micros",
                    alerts.rearmedNow.stream().map(f -> (String) f[0]).toArray(String[]::new),
                    alerts.rearmedNow.stream().map(f -> (Long) f[1]).toArray(Long[]::new));
        }
        if (alerts != null && !alerts.firedNow.isEmpty()) {
            sql.update("INSERT INTO alert_fired (account_id, threshold_micros, balance_at_micros) "
                            + "SELECT * FROM unnest(?::text[], ?::bigint[], ?::bigint[]) ON CONFLICT DO NOTHING",
                    alerts.firedNow.stream().map(f -> (String) f[0]).toArray(String[]::new),
                    alerts.firedNow.stream().map(f -> (Long) f[1]).toArray(Long[]::new),
                    alerts.firedNow.stream().map(f -> (Long) f[2]).toArray(Long[]::new));
        }
        outbox.appendAll(book.events); // one statement, in order
    }

    private void insertTransfers(List<NewTransfer> t) {
        sql.update("INSERT INTO transfers (id, account_id, kind, debit_account, credit_account, amount_micros, pending_id, "
                        + "generation_id, model_identifier, grant_key, description, reason, available_after, expires_at) "
                        + "SELECT id, account_id, kind, debit_account, credit_account, amount_micros, pending_id, generation_id, "
                        + "model_identifier, grant_key, description, reason, available_after, expires_at FROM unnest(?::uuid[], "
                        + "?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::uuid[], ?::text[], ?::text[], ?::text[], "
                        + "?::text[], ?::text[], ?::bigint[], ?::timestamptz[]) WITH ORDINALITY AS v(id, account_id, kind, "
                        + "debit_account, credit_account, amount_micros, pending_id, generation_id, model_identifier, grant_key, "
                        + "description, reason, available_after, expires_at, ord) ORDER BY ord",
                t.stream().map(x -> x.id().toString()).toArray(String[]::new),
                t.stream().map(NewTransfer::accountId).toArray(String[]::new),
                t.stream().map(NewTransfer::kind).toArray(String[]::new),
                t.stream().map(NewTransfer::debitAccount).toArray(String[]::new),
                t.stream().map(NewTransfer::creditAccount).toArray(String[]::new),
                t.stream().map(NewTransfer::amountMicros).toArray(Long[]::new),
                t.stream().map(x -> x.pendingId() == null ? null : x.pendingId().toString()).toArray(String[]::new),
                t.stream().map(NewTransfer::generationId).toArray(String[]::new),
                t.stream().map(NewTransfer::modelIdentifier).toArray(String[]::new),
                t.stream().map(NewTransfer::grantKey).toArray(String[]::new),
                t.stream().map(NewTransfer::description).toArray(String[]::new),
                t.stream().map(NewTransfer::reason).toArray(String[]::new),
                t.stream().map(NewTransfer::availableAfterMicros).toArray(Long[]::new),
                t.stream().map(x -> x.expiresAt() == null ? null : x.expiresAt().toString()).toArray(String[]::new));
    }
}
