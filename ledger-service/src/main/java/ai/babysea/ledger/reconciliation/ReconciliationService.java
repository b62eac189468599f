package ai.babysea.ledger.reconciliation;

import ai.babysea.ledger.config.LedgerConfig;
import ai.babysea.ledger.reconciliation.ReconciliationReport.Violation;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies the ledger's invariants over the whole database in one REPEATABLE READ snapshot (so it can run while
 * consumers write): zero sum, no negative customer balance, every balance equals its transfers, every reservation
 * resolved at most once with its own amount and accounts, or pending within its bound, held = pending reservations.
 */
@ApplicationScoped
public class ReconciliationService {
    private static final int SAMPLE = 10;

    private final AgroalDataSource dataSource;
    private final LedgerConfig config;

    ReconciliationService(AgroalDataSource dataSource, LedgerConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    /** Runs every check and reports; never changes anything. */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public ReconciliationReport run() {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            int isolation = connection.getTransactionIsolation();
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                ReconciliationReport report = run(connection);
                connection.rollback();
                return report;
            } finally {
                connection.rollback();
                connection.setTransactionIsolation(isolation);
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reconciliation failed to run", e);
        }
    }

    private ReconciliationReport run(Connection c) throws SQLException {
        Instant now = Instant.now();
        List<Violation> violations = new ArrayList<>();
        long sum = single(c, "SELECT coalesce(sum(balance_micros), 0) FROM ledger_accounts");
        if (sum != 0) {
            violations.add(new Violation("zero_sum", "sum of all balances is " + sum + " micros"));
        }
        check(c, violations, "no_negative_balance",
                "SELECT id || '=' || balance_micros FROM ledger_accounts WHERE (kind <> 'granted' AND balance_micros < 0) "
                        + "OR (kind = 'granted' AND balance_micros > 0)");
        check(c, violations, "balance_equals_transfers",
                "WITH flows AS (SELECT credit_account AS id, amount_micros AS delta FROM transfers "
                        + "UNION ALL SELECT debit_account, -amount_micros FROM transfers), "
                        + "totals AS (SELECT id, sum(delta) AS total FROM flows GROUP BY id) "
                        + "SELECT a.id || ' balance=' || a.balance_micros || ' transfers=' || coalesce(t.total, 0) "
                        + "FROM ledger_accounts a LEFT JOIN totals t ON t.id = a.id WHERE a.balance_micros <> coalesce(t.total, 0)");
        check(c, violations, "transfer_shape",
                "SELECT t.id || ' ' || t.kind FROM transfers t WHERE NOT ("
                        + "(t.kind = 'reserve' AND t.debit_account = t.account_id || ':available' AND t.credit_account = t.account_id || ':held' "
                        + "AND t.generation_id IS NOT NULL AND t.expires_at IS NOT NULL) "
                        + "OR (t.kind = 'grant' AND t.debit_account = t.account_id || ':granted' AND t.credit_account = t.account_id || ':available' "
                        + "AND t.grant_key IS NOT NULL) "
                        + "OR (t.kind IN ('post', 'void') AND t.pending_id IS NOT NULL))");
        check(c, violations, "resolution_matches_reservation",
                "SELECT x.id || ' resolves ' || x.pending_id FROM transfers x JOIN transfers r ON r.id = x.pending_id "
                        + "WHERE r.kind <> 'reserve' OR x.amount_micros <> r.amount_micros OR x.account_id <> r.account_id "
                        + "OR x.generation_id IS DISTINCT FROM r.generation_id OR x.debit_account <> r.credit_account "
                        + "OR x.credit_account <> CASE WHEN x.kind = 'post' THEN r.account_id || ':spent' ELSE r.debit_account END");
        check(c, violations, "resolved_at_most_once",
                "SELECT pending_id || ' x' || count(*) FROM transfers WHERE pending_id IS NOT NULL GROUP BY pending_id HAVING count(*) > 1");
        Timestamp overdueBefore = Timestamp.from(now.minus(config.reconciliationOverdueGrace()));
        check(c, violations, "pending_within_bound",
                "SELECT r.generation_id || ' expired at ' || r.expires_at FROM transfers r WHERE r.kind = 'reserve' AND r.expires_at < ? "
                        + "AND NOT EXISTS (SELECT 1 FROM transfers x WHERE x.pending_id = r.id)", overdueBefore);
        check(c, violations, "held_equals_pending_reservations",
                "SELECT a.account_id || ' held=' || a.balance_micros || ' pending=' || coalesce(p.total, 0) FROM ledger_accounts a "
                        + "LEFT JOIN (SELECT r.account_id, sum(r.amount_micros) AS total FROM transfers r WHERE r.kind = 'reserve' "
                        + "AND NOT EXISTS (SELECT 1 FROM transfers x WHERE x.pending_id = r.id) GROUP BY r.account_id) p "
                        + "ON p.account_id = a.account_id WHERE a.kind = 'held' AND a.balance_micros <> coalesce(p.total, 0)");
        check(c, violations, "rejected_generation_not_reserved",
                "SELECT g.generation_id FROM rejected_generations g JOIN transfers r ON r.generation_id = g.generation_id "
                        + "AND r.kind = 'reserve'");
        check(c, violations, "early_terminal_applied",
                "SELECT e.generation_id FROM early_terminals e JOIN transfers r ON r.generation_id = e.generation_id AND r.kind = 'reserve'");
        long customers = single(c, "SELECT count(*) FROM ledger_accounts WHERE kind = 'available'");
        long transfers = single(c, "SELECT count(*) FROM transfers");
        long pending = single(c, "SELECT count(*) FROM transfers r WHERE r.kind = 'reserve' "
                + "AND NOT EXISTS (SELECT 1 FROM transfers x WHERE x.pending_id = r.id)");
        long held = single(c, "SELECT coalesce(sum(balance_micros), 0) FROM ledger_accounts WHERE kind = 'held'");
        return new ReconciliationReport(violations.isEmpty(), now, customers, transfers, pending, held, List.copyOf(violations));
    }

    private static long single(Connection c, String query) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(query); ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void check(Connection c, List<Violation> violations, String name, String query, Object... params)
            throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(query + " LIMIT " + (SAMPLE + 1))) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            if (!rows.isEmpty()) {
                String sample = String.join(", ", rows.subList(0, Math.min(rows.size(), SAMPLE)));
                violations.add(new Violation(name, sample + (rows.size() > SAMPLE ? ", ..." : "")));
            }
        }
    }
}
