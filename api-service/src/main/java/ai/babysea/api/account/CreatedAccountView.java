package ai.babysea.api.account;

import ai.babysea.api.key.IssuedApiKeyView;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** The answer of `POST /v1/admin/accounts`: the fields of `GET /v1/user/account`, the plan, the region and the first key with its secret. */
public record CreatedAccountView(@JsonUnwrapped AccountView account, String billingPlan, String region, IssuedApiKeyView apikey) {

    /** The view of a created account. */
    static CreatedAccountView of(AccountService.CreatedAccount created) {
        return new CreatedAccountView(AccountView.of(created.account()), created.account().plan(), created.account().region(),
                IssuedApiKeyView.of(created.key()));
    }
}
