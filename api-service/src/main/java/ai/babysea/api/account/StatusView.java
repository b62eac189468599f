package ai.babysea.api.account;

import ai.babysea.api.auth.AuthenticatedKey;
import ai.babysea.api.http.Envelopes;

/** `data` of `GET /v1/status` (§2.1): the key that called and its account. */
public record StatusView(String accountId, String apikeyId, String apikeyName, String apikeyPrefix, String apikeyCreatedAt,
        String apikeyLastUsedAt, String apikeyExpiresAt) {

    /** The view of the calling key. */
    static StatusView of(AuthenticatedKey key) {
        return new StatusView(key.accountId().toString(), key.keyId().toString(), key.name(), key.prefix(), Envelopes.iso(key.createdAt()),
                Envelopes.iso(key.lastUsedAt()), Envelopes.iso(key.expiresAt()));
    }
}
