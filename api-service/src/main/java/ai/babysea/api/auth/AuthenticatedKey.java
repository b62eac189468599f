package ai.babysea.api.auth;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The key a request authenticated with, and the account and plan it belongs to. */
public record AuthenticatedKey(
        UUID keyId,
        UUID accountId,
        String name,
        String prefix,
        String preset,
        Set<Scope> scopes,
        String status,
        List<String> ipAllowlist,
        Instant createdAt,
        Instant lastUsedAt,
        Instant expiresAt,
        Instant graceEndsAt,
        Instant revokedAt,
        String plan) {

    /** Whether this key may call a route needing this scope. */
    public boolean has(Scope scope) {
        return scopes.contains(scope);
    }

    /** Whether this key holds every scope. */
    public boolean fullAccess() {
        return scopes.size() == Scope.values().length;
    }
}
