package ai.babysea.sdk.model;

import java.time.Instant;
import java.util.List;

/**
 * Body of `POST /v1/keys` (needs a Full Access key).
 *
 * @param apikeyName at most 100 characters
 * @param apikeyExpiresAt null: never expires
 * @param apikeyIpAllowlist exact client IPs (at most 50); null or empty: any IP
 */
public record CreateApiKeyRequest(String apikeyName, KeyPreset apikeyPreset, Instant apikeyExpiresAt, List<String> apikeyIpAllowlist) {
    /** A key without expiry or allowlist. */
    public static CreateApiKeyRequest of(String name, KeyPreset preset) {
        return new CreateApiKeyRequest(name, preset, null, null);
    }
}
