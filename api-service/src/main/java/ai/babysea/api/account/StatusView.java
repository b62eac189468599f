package ai.babysea.api.account;

import ai.babysea.api.auth.AuthenticatedKey;
import ai.babysea.api.http.Envelopes;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** `data` of `GET /v1/status`: the key that called and its account. */
public record StatusView(String accountId, String apikeyId, @Schema(nullable = true) String apikeyName, String apikeyPrefix, String apikeyCreatedAt,
        @Schema(nullable = true) String apikeyLastUsedAt, @Schema(nullable = true) String apikeyExpiresAt) {

    /** The view of the calling key. */
    static StatusView of(AuthenticatedKey key) {
        return new StatusView(key.accountId().toString(), key.keyId().toString(), key.name(), key.prefix(), Envelopes.iso(key.createdAt()),
                Envelopes.iso(key.lastUsedAt()), Envelopes.iso(key.expiresAt()));
    }
}
