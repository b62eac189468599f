package ai.babysea.sdk.model;

import java.time.Instant;

/** `GET /v1/status`: who the key is; `apikeyLastUsedAt` is the use before this call. */
public record Status(String accountId, String apikeyId, String apikeyName, String apikeyPrefix, Instant apikeyCreatedAt,
        Instant apikeyLastUsedAt, Instant apikeyExpiresAt) {
}
