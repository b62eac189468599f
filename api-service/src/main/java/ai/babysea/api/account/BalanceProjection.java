package ai.babysea.api.account;

import ai.babysea.api.error.ApiException;
import ai.babysea.api.internal.LedgerClient;
import ai.babysea.platform.jdbc.Sql;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.OptionalLong;
import org.jboss.logging.Logger;

/**
 * The available balance as last reported by the ledger (each ledger event's `balance_after_micros`),
 * used for the fast BSE1004 pre-check and for displayed balances. Advisory only: the ledger's
 * reservation is the authority, so a missing or stale value never blocks a request on its own.
 */
@ApplicationScoped
public class BalanceProjection {
    private static final Logger LOG = Logger.getLogger(BalanceProjection.class);

    private final Sql sql;
    private final LedgerClient ledger;

    BalanceProjection(Sql sql, LedgerClient ledger) {
        this.sql = sql;
        this.ledger = ledger;
    }

    /** Records the ledger's newest balance for an account. */
    public void record(String accountId, long availableMicros) {
        sql.update("INSERT INTO balances (account_id, available_micros, updated_at) VALUES (?, ?, now()) "
                + "ON CONFLICT (account_id) DO UPDATE SET available_micros = EXCLUDED.available_micros, updated_at = now()",
                accountId, availableMicros);
    }

    /** Records the newest balance of several accounts with one statement (a consumer's poll batch). */
    public void recordAll(java.util.Map<String, Long> newest) {
        if (newest.isEmpty()) {
            return;
        }
        String[] accounts = newest.keySet().toArray(String[]::new);
        Long[] available = newest.values().toArray(Long[]::new);
        sql.update("INSERT INTO balances (account_id, available_micros, updated_at) SELECT a, v, now() FROM unnest(?::text[], "
                + "?::bigint[]) AS x(a, v) ORDER BY a ON CONFLICT (account_id) DO UPDATE SET available_micros = EXCLUDED.available_micros, "
                + "updated_at = now()", accounts, available);
    }

    /** The projected balance; when the projection has none, asks the ledger once; empty when neither knows. */
    public OptionalLong available(String accountId) {
        var local = sql.queryLong("SELECT available_micros FROM balances WHERE account_id = ?", accountId);
        if (local.isPresent()) {
            return OptionalLong.of(local.get());
        }
        try {
            JsonNode balance = ledger.balance(accountId);
            if (balance != null && balance.hasNonNull("available_micros")) {
                long available = balance.get("available_micros").asLong();
                sql.update("INSERT INTO balances (account_id, available_micros) VALUES (?, ?) ON CONFLICT (account_id) DO NOTHING",
                        accountId, available);
                return OptionalLong.of(available);
            }
        } catch (ApiException e) {
            LOG.debugf("ledger balance unavailable for the pre-check: %s", e.code().code());
        }
        return OptionalLong.empty();
    }
}
