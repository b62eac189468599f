package ai.babysea.api.account;

import ai.babysea.platform.jdbc.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    private static Account row(ResultSet rs) throws SQLException {
        return new Account(rs.getObject("account_id", UUID.class), rs.getString("account_name"), rs.getString("account_email"),
                rs.getBoolean("account_is_personal"), rs.getString("account_picture_url"), rs.getString("region"),
                rs.getString("billing_plan"), rs.getString("billing_subscription_status"),
                (Boolean) rs.getObject("billing_cancel_at_period_end"), rs.getString("billing_currency"),
                Sql.instant(rs, "billing_period_starts_at"), Sql.instant(rs, "billing_period_ends_at"),
                Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));
    }
}
