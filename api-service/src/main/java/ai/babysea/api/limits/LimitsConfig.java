package ai.babysea.api.limits;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** Rate limits and concurrency caps (prefix `babysea.api.limits`); per-plan numbers live in application.properties. */
@ConfigMapping(prefix = "babysea.api.limits")
public interface LimitsConfig {
    /** `redis` (shared by every replica; required with more than one replica) or `in-process` (single-node local stack); default `in-process`. */
    @WithDefault("in-process")
    String backend();

    /**
     * Longest wait for one Redis call; a call that fails or takes longer switches this instance to its own counters
     * (see {@link FallbackRateLimiter}); default 500 ms.
     */
    @WithDefault("500ms")
    Duration redisTimeout();

    /**
     * While Redis is unreachable, how often a background PING checks whether it is back (requests never wait for
     * it); default 5 s.
     */
    @WithDefault("5s")
    Duration redisRetryInterval();

    /** Length of one rate-limit window; default 60 s. */
    @WithDefault("60s")
    Duration window();

    /**
     * Failed authentications one client IP may make per window; once reached, every request from
     * that IP is refused before authentication (BSE1006) until the window ends; default 100.
     * Successful requests never count, so one busy, honest client IP is never throttled by it.
     */
    @WithDefault("100")
    int ipAuthFailuresPerWindow();

    /** Limits per plan name (`Free`, `Starter`, `Pro`, `Scale`, `Enterprise`); unknown plans get `Free`'s. */
    Map<String, Plan> plans();

    /** One plan's limits. */
    interface Plan {
        /** Requests the whole account (all its keys) may make per window (BSE1005). */
        int requestsPerWindow();

        /** Generations the account may have `pending` or `processing` at once (BSE1009). */
        int inFlight();
    }
}
