package ai.babysea.api.limits;

import ai.babysea.api.key.AuthenticatedKey;
import jakarta.enterprise.context.ApplicationScoped;

/** Request-rate limits (per IP before authentication, per account after). */
@ApplicationScoped
public class RateLimits {
    /** Throws BSE1006 when this IP exceeded the pre-authentication limit. */
    public void checkIp(String clientIp) {
        // Limits are not enabled in this build slice.
    }

    /** Throws BSE1005 when the account exceeded its plan's request limit. */
    public void checkAccount(AuthenticatedKey key) {
        // Limits are not enabled in this build slice.
    }
}
