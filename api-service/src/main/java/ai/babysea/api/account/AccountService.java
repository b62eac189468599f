package ai.babysea.api.account;

import ai.babysea.api.auth.Scope;
import ai.babysea.api.config.Region;
import ai.babysea.api.error.ApiException;
import ai.babysea.api.internal.LedgerClient;
import ai.babysea.api.key.KeyService;
import ai.babysea.contracts.ErrorCode;
import ai.babysea.contracts.Ids;
import ai.babysea.platform.jdbc.Sql;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Account use cases: operator bootstrap (create with a first key, grant credits) and profile reads. */
@ApplicationScoped
public class AccountService {
    /** Plans an account may be on. */
    public static final List<String> PLANS = List.of("Free", "Starter", "Pro", "Scale", "Enterprise");

    private final Sql sql;
    private final KeyService keys;
    private final Region region;
    private final LedgerClient ledger;
    private final BalanceProjection balances;

    AccountService(Sql sql, KeyService keys, Region region, LedgerClient ledger, BalanceProjection balances) {
        this.sql = sql;
        this.keys = keys;
        this.region = region;
        this.ledger = ledger;
        this.balances = balances;
    }

    /** A created account and its first key (raw secret shown once). */
    public record CreatedAccount(Account account, KeyService.IssuedKey key) {
    }

    /** Creates an account in this region together with its first API key, in one transaction. */
    @Transactional
    public CreatedAccount create(String name, String email, String plan, boolean personal, String keyName, Scope.Preset preset) {
        UUID accountId = Ids.uuidV7();
        sql.update("INSERT INTO accounts (account_id, account_name, account_email, account_is_personal, region, billing_plan, "
                        + "billing_subscription_status, billing_currency, billing_period_starts_at, billing_period_ends_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                accountId, name, email, personal, region.code(), plan, "Free".equals(plan) ? null : "active",
                "Free".equals(plan) ? null : "usd", "Free".equals(plan) ? null : Instant.now(),
                "Free".equals(plan) ? null : Instant.now().plus(java.time.Duration.ofDays(30)));
        KeyService.IssuedKey key = keys.issue(accountId, keyName, preset, null, null);
        return new CreatedAccount(find(accountId), key);
    }

    /** The account, or BSE1008. */
    public Account find(UUID accountId) {
        return sql.queryOne("SELECT * FROM accounts WHERE account_id = ?", AccountService::row, accountId)
                .orElseThrow(() -> new ApiException(ErrorCode.ACCOUNT_NOT_FOUND, null));
    }

    /** Grants credits through the ledger (idempotent by grant key) and refreshes the projected balance. */
    public JsonNode grant(UUID accountId, String grantKey, long amountMicros, String description) {
        find(accountId);
        JsonNode balance = ledger.grant(accountId.toString(), grantKey, amountMicros, description);
        if (balance != null && balance.hasNonNull("available_micros")) {
            balances.record(accountId.toString(), balance.get("available_micros").asLong());
        }
        return balance;
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
