package ai.babysea.api.key;

import ai.babysea.api.auth.AuthenticatedKey;
import ai.babysea.api.auth.Scope;
import ai.babysea.platform.jdbc.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** SQL of the `api_keys` table; a key is always read with its account's billing plan. */
@ApplicationScoped
public class KeyRepository {
    private static final String SELECT = "SELECT k.key_id, k.account_id, k.name, k.prefix, k.secret_hash, k.preset, k.scopes, k.status, "
            + "k.ip_allowlist, k.created_at, k.last_used_at, k.expires_at, k.grace_ends_at, k.revoked_at, a.billing_plan "
            + "FROM api_keys k JOIN accounts a ON a.account_id = k.account_id ";

    private final Sql sql;

    KeyRepository(Sql sql) {
        this.sql = sql;
    }

    /** A stored key with the hash of its secret (never leaves the key package). */
    record StoredKey(AuthenticatedKey key, byte[] secretHash) {
    }

    /** Inserts a new key. */
    void insert(UUID keyId, UUID accountId, String name, String prefix, byte[] secretHash, String preset, String[] scopes, String region,
            List<String> ipAllowlist, Instant expiresAt) {
        sql.update("INSERT INTO api_keys (key_id, account_id, name, prefix, secret_hash, preset, scopes, region, ip_allowlist, expires_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                keyId, accountId, name, prefix, secretHash, preset, scopes, region,
                ipAllowlist == null ? null : ipAllowlist.toArray(String[]::new), expiresAt);
    }

    /** Every key with this prefix (several keys may share one). */
    List<StoredKey> byPrefix(String prefix) {
        return sql.query(SELECT + "WHERE k.prefix = ?", KeyRepository::row, prefix);
    }

    /** One key of an account. */
    Optional<AuthenticatedKey> find(UUID accountId, UUID keyId) {
        return sql.queryOne(SELECT + "WHERE k.key_id = ? AND k.account_id = ?", KeyRepository::row, keyId, accountId).map(StoredKey::key);
    }

    /** Every key of an account, newest first. */
    List<AuthenticatedKey> list(UUID accountId) {
        return sql.query(SELECT + "WHERE k.account_id = ? ORDER BY k.created_at DESC, k.key_id DESC", KeyRepository::row, accountId)
                .stream().map(StoredKey::key).toList();
    }

    /** Stamps the key's last use with the database's clock. */
    void touch(UUID keyId) {
        sql.update("UPDATE api_keys SET last_used_at = now() WHERE key_id = ?", keyId);
    }

    /** Marks an active key rotated, valid until {@code graceEndsAt}; false when it is no longer active. */
    boolean markRotated(UUID keyId, Instant graceEndsAt, UUID replacedBy) {
        return sql.update("UPDATE api_keys SET status = 'rotated', rotated_at = now(), grace_ends_at = ?, replaced_by = ? "
                + "WHERE key_id = ? AND status = 'active'", graceEndsAt, replacedBy, keyId) == 1;
    }

    /** Revokes a key; its first revocation time is kept. */
    void revoke(UUID keyId) {
        sql.update("UPDATE api_keys SET status = 'revoked', revoked_at = coalesce(revoked_at, now()) WHERE key_id = ?", keyId);
    }

    private static StoredKey row(ResultSet rs) throws SQLException {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String wire : strings(rs.getArray("scopes"))) {
            Scope scope = Scope.ofWire(wire);
            if (scope != null) {
                scopes.add(scope);
            }
        }
        List<String> allowlist = rs.getArray("ip_allowlist") == null ? null : strings(rs.getArray("ip_allowlist"));
        AuthenticatedKey key = new AuthenticatedKey(rs.getObject("key_id", UUID.class), rs.getObject("account_id", UUID.class),
                rs.getString("name"), rs.getString("prefix"), rs.getString("preset"), scopes, rs.getString("status"), allowlist,
                Sql.instant(rs, "created_at"), Sql.instant(rs, "last_used_at"), Sql.instant(rs, "expires_at"),
                Sql.instant(rs, "grace_ends_at"), Sql.instant(rs, "revoked_at"), rs.getString("billing_plan"));
        return new StoredKey(key, rs.getBytes("secret_hash"));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
