package ai.babysea.api.account;

import ai.babysea.platform.jdbc.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL of the `accounts` table. */
@ApplicationScoped
public class AccountRepository {
    private final Sql sql;

    AccountRepository(Sql sql) {
        this.sql = sql;
    }

    /** Inserts an account; the database stamps its creation time. */
    void insert(Account account) {
        sql.update("INSERT INTO accounts (account_id, account_name, account_email, account_is_personal, region, billing_plan, "
                        + "billing_subscription_status, billing_currency, billing_period_starts_at, billing_period_ends_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                account.accountId(), account.name(), account.email(), account.personal(), account.region(), account.plan(),
                account.subscriptionStatus(), account.currency(), account.periodStartsAt(), account.periodEndsAt());
    }

    /** The account, if it exists. */
    Optional<Account> find(UUID accountId) {
        return sql.queryOne("SELECT * FROM accounts WHERE account_id = ?", AccountRepository::row, accountId);
    }

    /** An account and the balance the ledger last reported for it (null before its first ledger event). */
    record AccountWithBalance(Account account, Long balanceMicros) {
    }

    /** A page of every account of the region, newest first, each with its projected balance. */
    List<AccountWithBalance> page(int limit, int offset) {
        return sql.query("SELECT a.*, b.available_micros FROM accounts a LEFT JOIN balances b ON b.account_id = a.account_id::text "
                        + "ORDER BY a.created_at DESC, a.account_id DESC LIMIT ? OFFSET ?",
                rs -> new AccountWithBalance(row(rs), (Long) rs.getObject("available_micros")), limit, offset);
    }

    /** How many accounts the region has. */
    long count() {
        return sql.queryLong("SELECT count(*) FROM accounts").orElse(0L);
    }

    private static Account row(ResultSet rs) throws SQLException {
        return new Account(rs.getObject("account_id", UUID.class), rs.getString("account_name"), rs.getString("account_email"),
                rs.getBoolean("account_is_personal"), rs.getString("account_picture_url"), rs.getString("region"),
                rs.getString("billing_plan"), rs.getString("billing_subscription_status"),
                (Boolean) rs.getObject("billing_cancel_at_period_end"), rs.getString("billing_currency"),
                Sql.instant(rs, "billing_period_starts_at"), Sql.instant(rs, "billing_period_ends_at"),
                Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));
    }
}
