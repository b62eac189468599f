package ai.babysea.api.account;

import ai.babysea.api.auth.Scope;
import ai.babysea.api.config.Region;
import ai.babysea.api.error.ApiException;
import ai.babysea.api.internal.LedgerClient;
import ai.babysea.api.key.KeyService;
import ai.babysea.contracts.ErrorCode;
import ai.babysea.contracts.Ids;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Account use cases: operator bootstrap (create with a first key, grant credits) and profile reads. */
@ApplicationScoped
public class AccountService {
    /** Plans an account may be on. */
    public static final List<String> PLANS = List.of("Free", "Starter", "Pro", "Scale", "Enterprise");

    private final AccountRepository accounts;
    private final KeyService keys;
    private final Region region;
    private final LedgerClient ledger;
    private final BalanceProjection balances;

    AccountService(AccountRepository accounts, KeyService keys, Region region, LedgerClient ledger, BalanceProjection balances) {
        this.accounts = accounts;
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
        boolean free = "Free".equals(plan);
        Instant now = Instant.now();
        accounts.insert(new Account(accountId, name, email, personal, null, region.code(), plan, free ? null : "active", null,
                free ? null : "usd", free ? null : now, free ? null : now.plus(Duration.ofDays(30)), null, null));
        KeyService.IssuedKey key = keys.issue(accountId, keyName, preset, null, null);
        return new CreatedAccount(find(accountId), key);
    }

    /** The account, or BSE1008. */
    public Account find(UUID accountId) {
        return accounts.find(accountId).orElseThrow(() -> new ApiException(ErrorCode.ACCOUNT_NOT_FOUND, null));
    }

    /** One page of the region's accounts, newest first, with their projected balances, and how many there are. */
    public record AccountPage(List<AccountRepository.AccountWithBalance> accounts, long total) {
    }

    /** A page of every account of the region, newest first. */
    public AccountPage page(int limit, int offset) {
        return new AccountPage(accounts.page(limit, offset), accounts.count());
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
}
