package ai.babysea.sdk;

import java.time.Duration;

/**
 * The rate-limit headers of an answer; each is null when the answer did not carry it.
 *
 * @param limit `X-RateLimit-Limit`: requests allowed in the window
 * @param remaining `X-RateLimit-Remaining`
 * @param resetEpochSeconds `X-RateLimit-Reset`: Unix seconds when the window ends
 * @param retryAfter `Retry-After`
 */
public record RateLimit(Long limit, Long remaining, Long resetEpochSeconds, Duration retryAfter) {
}
