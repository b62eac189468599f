package ai.babysea.api.limits;

import ai.babysea.api.error.ApiException;
import ai.babysea.api.error.ErrorDetails;
import ai.babysea.contracts.ErrorCode;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.mutiny.redis.client.RedisAPI;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The request limits (docs/api/limits-and-retention.md): a pre-authentication limit on failed authentications per client IP (BSE1006) and a per-account
 * limit by plan shared by all the account's keys (BSE1005), both with `Retry-After`. If Redis
 * cannot be reached, each instance counts on its own until it is back ({@link FallbackRateLimiter}):
 * the API stays up and every limit still holds per instance. The Redis client connects lazily, so the
 * in-process backend never touches it.
 */
@ApplicationScoped
public class RateLimits {
    private final LimitsConfig config;
    private final RateLimiter limiter;
    private final RedisRateLimiter redis;
    private final FallbackRateLimiter fallback;

    RateLimits(LimitsConfig config, RedisAPI redisApi, MeterRegistry meters) {
        this.config = config;
        if ("redis".equals(config.backend())) {
            this.redis = new RedisRateLimiter(redisApi, config.redisTimeout());
            this.fallback = new FallbackRateLimiter(redis, new InProcessRateLimiter(), config.redisRetryInterval(), meters);
            this.limiter = fallback;
        } else if ("in-process".equals(config.backend())) {
            this.redis = null;
            this.fallback = null;
            this.limiter = new InProcessRateLimiter();
        } else {
            throw new IllegalStateException("babysea.api.limits.backend must be redis or in-process, was " + config.backend());
        }
    }

    /** The backend in use: `redis` or `in-process`. */
    public String backend() {
        return config.backend();
    }

    /** The Redis limiter when configured, for health checks; null in-process. */
    public RedisRateLimiter redis() {
        return redis;
    }

    /** Whether Redis is configured but unreachable, so that each instance counts on its own meanwhile. */
    public boolean degraded() {
        return fallback != null && fallback.degraded();
    }

    /** The limits of a plan (unknown plans get `Free`'s). */
    public LimitsConfig.Plan plan(String plan) {
        LimitsConfig.Plan limits = config.plans().get(plan);
        if (limits == null) {
            limits = config.plans().get("Free");
        }
        if (limits == null) {
            throw new IllegalStateException("no limits configured for plan Free");
        }
        return limits;
    }

    /** Throws BSE1006 when this IP already failed authentication too often in the current window (checked before auth). */
    public void checkIp(String clientIp) {
        long windowMs = config.window().toMillis();
        long failures = limiter.peek("authfail:" + clientIp, windowMs);
        if (failures >= config.ipAuthFailuresPerWindow()) {
            long now = System.currentTimeMillis();
            RateLimiter.Decision decision = RateLimiter.decide(failures + 1, config.ipAuthFailuresPerWindow(),
                    now - Math.floorMod(now, windowMs), windowMs, now);
            throw limited(ErrorCode.AUTH_RATE_LIMITED, decision, "Too many failed authentication attempts from this IP address; retry after "
                    + decision.retryAfterSeconds() + " s.");
        }
    }

    /** Counts a failed authentication of this IP (feeds {@link #checkIp}). */
    public void recordAuthenticationFailure(String clientIp) {
        acquire("authfail:" + clientIp, config.ipAuthFailuresPerWindow());
    }

    /** Counts one request of the account; throws BSE1005 over its plan's limit; returns the decision for the headers. */
    public RateLimiter.Decision checkAccount(UUID accountId, String plan) {
        RateLimiter.Decision decision = acquire("acct:" + accountId, plan(plan).requestsPerWindow());
        if (!decision.allowed()) {
            throw limited(ErrorCode.RATE_LIMIT_EXCEEDED, decision, "Rate limit of " + decision.limit() + " requests per "
                    + config.window().toSeconds() + " s exceeded; retry after " + decision.retryAfterSeconds() + " s.");
        }
        return decision;
    }

    private RateLimiter.Decision acquire(String bucket, int limit) {
        return limiter.acquire(bucket, limit, config.window().toMillis());
    }

    /** The rate-limit headers of a decision. */
    public static Map<String, String> headers(RateLimiter.Decision decision) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-RateLimit-Limit", Long.toString(decision.limit()));
        headers.put("X-RateLimit-Remaining", Long.toString(decision.remaining()));
        headers.put("X-RateLimit-Reset", Long.toString(decision.resetEpochSeconds()));
        return headers;
    }

    private static ApiException limited(ErrorCode code, RateLimiter.Decision decision, String message) {
        Map<String, String> headers = headers(decision);
        headers.put("Retry-After", Long.toString(decision.retryAfterSeconds()));
        return new ApiException(code, code.httpStatus(), message, ErrorDetails.retryAfter(decision.retryAfterSeconds(), decision.limit()),
                headers);
    }
}
