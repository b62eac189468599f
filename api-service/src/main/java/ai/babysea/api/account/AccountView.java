package ai.babysea.api.account;

import ai.babysea.api.http.Envelopes;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** `data` of `GET /v1/user/account`. */
public record AccountView(String accountId, String accountName, @Schema(nullable = true) String accountEmail, boolean accountIsPersonal, @Schema(nullable = true) String accountPictureUrl,
        String accountCreatedAt) {

    /** The view of an account. */
    static AccountView of(Account account) {
        return new AccountView(account.accountId().toString(), account.name(), account.email(), account.personal(), account.pictureUrl(),
                Envelopes.iso(account.createdAt()));
    }
}
