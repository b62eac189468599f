package ai.babysea.api.key;

import ai.babysea.api.auth.AuthenticatedKey;
import ai.babysea.api.auth.Scope;
import ai.babysea.api.http.Envelopes;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A key's public fields (`apikey_*` names, like `/v1/status`); never its secret. */
public record ApiKeyView(
        String apikeyId,
        @Schema(nullable = true) String apikeyName,
        String apikeyPrefix,
        String apikeyPreset,
        List<String> apikeyScopes,
        String apikeyStatus,
        List<String> apikeyIpAllowlist,
        String apikeyCreatedAt,
        @Schema(nullable = true) String apikeyLastUsedAt,
        @Schema(nullable = true) String apikeyExpiresAt,
        @Schema(nullable = true) String apikeyGraceEndsAt,
        @Schema(nullable = true) String apikeyRevokedAt) {

    /** The view of a key; `apikey_status` is the dashboard status at this moment. */
    public static ApiKeyView of(AuthenticatedKey key) {
        return new ApiKeyView(key.keyId().toString(), key.name(), key.prefix(), key.preset(), key.scopes().stream().map(Scope::wire).toList(),
                KeyService.displayStatus(key), key.ipAllowlist() == null ? List.of() : key.ipAllowlist(), Envelopes.iso(key.createdAt()),
                Envelopes.iso(key.lastUsedAt()), Envelopes.iso(key.expiresAt()), Envelopes.iso(key.graceEndsAt()),
                Envelopes.iso(key.revokedAt()));
    }
}
