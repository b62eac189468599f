package ai.babysea.api.limits;

/** A fixed-window request counter shared by whoever shares its backing store. */
public interface RateLimiter {
    /** The outcome of counting one request. */
    record Decision(boolean allowed, long limit, long remaining, long resetEpochSeconds, long retryAfterSeconds) {
    }

    /** Counts one request against `bucket` (limit per window of `windowMs`) and says whether it is allowed. */
    Decision acquire(String bucket, long limit, long windowMs);

    /** The current count of `bucket` in this window, without counting anything. */
    long peek(String bucket, long windowMs);

    /** Shared helper: the decision for a count within the window starting at `windowStartMs`. */
    static Decision decide(long count, long limit, long windowStartMs, long windowMs, long nowMs) {
        long resetMs = windowStartMs + windowMs;
        long retryAfter = Math.max(1, (resetMs - nowMs + 999) / 1000);
        return new Decision(count <= limit, limit, Math.max(0, limit - count), (resetMs + 999) / 1000, retryAfter);
    }
}
