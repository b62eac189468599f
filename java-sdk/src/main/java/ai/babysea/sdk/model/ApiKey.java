package ai.babysea.sdk.model;

import java.time.Instant;
import java.util.List;

/**
 * An API key (`/v1/keys`). `apikeyStatus` is `active`, `rotated`, `expired` or `revoked`. {@code apikeyKey}, the raw
 * secret, is set only in the answer that issued it (create, rotate) and never again; {@code rotatedApikey} only on rotate
 * (the old key, valid until `apikeyGraceEndsAt`).
 */
public record ApiKey(String apikeyId, String apikeyName, String apikeyPrefix, String apikeyPreset, List<String> apikeyScopes,
        String apikeyStatus, List<String> apikeyIpAllowlist, Instant apikeyCreatedAt, Instant apikeyLastUsedAt, Instant apikeyExpiresAt,
        Instant apikeyGraceEndsAt, Instant apikeyRevokedAt, String apikeyKey, ApiKey rotatedApikey) {
}
