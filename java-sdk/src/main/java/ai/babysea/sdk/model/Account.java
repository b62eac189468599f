package ai.babysea.sdk.model;

import java.time.Instant;

/** `GET /v1/user/account`. */
public record Account(String accountId, String accountName, String accountEmail, Boolean accountIsPersonal, String accountPictureUrl,
        Instant accountCreatedAt) {
}
