package ai.babysea.api.web;

import ai.babysea.api.auth.AuthenticatedKey;
import ai.babysea.api.auth.CallContext;
import ai.babysea.api.limits.RateLimits;
import jakarta.enterprise.context.ApplicationScoped;

/** The limits checked around authentication: the pre-auth per-IP failure limiter and the per-account request limit. */
@ApplicationScoped
public class RequestGuards {
    private final RateLimits limits;

    private final CallContext call;

    RequestGuards(RateLimits limits, CallContext call) {
        this.limits = limits;
        this.call = call;
    }

    /** Runs before the key is looked up (BSE1006). */
    void beforeAuthentication(String clientIp) {
        limits.checkIp(clientIp);
    }

    /** Runs when authentication failed (BSE1001/BSE1002), so repeated failures from one IP lead to BSE1006. */
    void authenticationFailed(String clientIp) {
        limits.recordAuthenticationFailure(clientIp);
    }

    /** Runs once the key is known (BSE1005). */
    void afterAuthentication(AuthenticatedKey key) {
        call.rateLimit(limits.checkAccount(key.accountId(), key.plan()));
    }
}
