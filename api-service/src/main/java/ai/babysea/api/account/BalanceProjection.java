package ai.babysea.api.account;

import ai.babysea.api.error.ApiException;
import ai.babysea.api.internal.LedgerClient;
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

    private final BalanceRepository balances;
    private final LedgerClient ledger;

    BalanceProjection(BalanceRepository balances, LedgerClient ledger) {
        this.balances = balances;
        this.ledger = ledger;
    }

    /** Records the ledger's newest balance for an account. */
    public void record(String accountId, long availableMicros) {
        balances.upsert(accountId, availableMicros);
    }

    /** Records the newest balance of several accounts with one statement (a consumer's poll batch). */
    public void recordAll(java.util.Map<String, Long> newest) {
        if (newest.isEmpty()) {
            return;
        }
        balances.upsertAll(newest);
    }

    /** The projected balance; when the projection has none, asks the ledger once; empty when neither knows. */
    public OptionalLong available(String accountId) {
        OptionalLong local = balances.find(accountId);
        if (local.isPresent()) {
            return local;
        }
        try {
            JsonNode balance = ledger.balance(accountId);
            if (balance != null && balance.hasNonNull("available_micros")) {
                long available = balance.get("available_micros").asLong();
                balances.insertIfAbsent(accountId, available);
                return OptionalLong.of(available);
            }
        } catch (ApiException e) {
            LOG.debugf("ledger balance unavailable for the pre-check: %s", e.code().code());
        }
        return OptionalLong.empty();
    }
}
