package ai.babysea.api.key;

import ai.babysea.api.auth.AuthenticatedKey;
import ai.babysea.api.auth.Scope;
import ai.babysea.api.http.Envelopes;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders keys on the wire (`apikey_*` names, like `/v1/status`); the raw key only when just issued. */
public final class KeyViews {
    private KeyViews() {
    }

    /** A key's public fields. */
    public static Map<String, Object> render(AuthenticatedKey key) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("apikey_id", key.keyId().toString());
        data.put("apikey_name", key.name());
        data.put("apikey_prefix", key.prefix());
        data.put("apikey_preset", key.preset());
        data.put("apikey_scopes", key.scopes().stream().map(Scope::wire).toList());
        data.put("apikey_status", KeyService.displayStatus(key));
        data.put("apikey_ip_allowlist", key.ipAllowlist() == null ? java.util.List.of() : key.ipAllowlist());
        data.put("apikey_created_at", Envelopes.iso(key.createdAt()));
        data.put("apikey_last_used_at", Envelopes.iso(key.lastUsedAt()));
        data.put("apikey_expires_at", Envelopes.iso(key.expiresAt()));
        data.put("apikey_grace_ends_at", Envelopes.iso(key.graceEndsAt()));
        data.put("apikey_revoked_at", Envelopes.iso(key.revokedAt()));
        return data;
    }

    /** A just-issued key, including the raw secret (the only time it is ever shown). */
    public static Map<String, Object> renderIssued(KeyService.IssuedKey issued) {
        Map<String, Object> data = render(issued.key());
        data.put("apikey_key", issued.rawKey());
        return data;
    }
}
