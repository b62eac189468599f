package ai.babysea.api.account;

import ai.babysea.platform.jdbc.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.OptionalLong;

/** SQL of the `balances` table: the newest available balance the ledger reported per account. */
@ApplicationScoped
public class BalanceRepository {
    private final Sql sql;

    BalanceRepository(Sql sql) {
        this.sql = sql;
    }

    /** Stores an account's newest balance. */
    void upsert(String accountId, long availableMicros) {
        sql.update("INSERT INTO balances (account_id, available_micros, updated_at) VALUES (?, ?, now()) "
                + "ON CONFLICT (account_id) DO UPDATE SET available_micros = EXCLUDED.available_micros, updated_at = now()",
                accountId, availableMicros);
    }

    /** Stores the newest balance of several accounts with one statement, in account order (no deadlock between batches). */
    void upsertAll(Map<String, Long> newest) {
        String[] accounts = newest.keySet().toArray(String[]::new);
        Long[] available = newest.values().toArray(Long[]::new);
        sql.update("INSERT INTO balances (account_id, available_micros, updated_at) SELECT a, v, now() FROM unnest(?::text[], "
                + "?::bigint[]) AS x(a, v) ORDER BY a ON CONFLICT (account_id) DO UPDATE SET available_micros = EXCLUDED.available_micros, "
                + "updated_at = now()", accounts, available);
    }

    /** Stores a balance only when the account has none yet (a newer one from the events wins). */
    void insertIfAbsent(String accountId, long availableMicros) {
        sql.update("INSERT INTO balances (account_id, available_micros) VALUES (?, ?) ON CONFLICT (account_id) DO NOTHING", accountId,
                availableMicros);
    }

    /** The stored balance, if any. */
    OptionalLong find(String accountId) {
        return sql.queryLong("SELECT available_micros FROM balances WHERE account_id = ?", accountId)
                .map(OptionalLong::of).orElse(OptionalLong.empty());
    }
}
