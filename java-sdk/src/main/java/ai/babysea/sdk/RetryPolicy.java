package ai.babysea.sdk;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When to repeat a call and how long to wait, as BabySea's TypeScript SDK does: an answer is retried when its error
 * envelope says `retryable: true` (without the flag: 429 or 5xx); the wait is the answer's `Retry-After` when it has one,
 * otherwise full-jitter exponential backoff, `random(0, min(base * 2^(retry-1), cap))`.
 *
 * @param maxRetries retries after the first attempt (0: never retry)
 * @param baseDelay backoff base (TypeScript SDK: 1 s)
 * @param maxDelay backoff cap (TypeScript SDK: 30 s)
 * @param maxRetryAfter the longest `Retry-After` the SDK waits out; a longer one is returned to the caller at once
 */
record RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {

    RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0");
        }
        if (baseDelay.isNegative() || maxDelay.isNegative() || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("retry delays must not be negative");
        }
    }

    /** Whether an error answer may be repeated: the envelope's flag wins; without it, 429 and 5xx are. */
    static boolean retryableAnswer(int status, Boolean flag) {
        return flag != null ? flag : status == 429 || status >= 500;
    }

    /** The full-jitter wait before retry number {@code retry} (1 = the first retry). */
    Duration backoff(int retry, DoubleSupplier random) {
        long base = baseDelay.toMillis();
        long ceiling = maxDelay.toMillis();
        int shift = Math.min(Math.max(retry - 1, 0), 30);
        // base * 2^(retry-1), saturating before it overflows, then capped
        long exponential = base > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : base << shift;
        long bound = Math.min(exponential, ceiling);
        return Duration.ofMillis((long) Math.floor(random.getAsDouble() * bound));
    }

    /**
     * The wait before retry number {@code retry}, or empty when the call must not be repeated: no retries left, or the
     * server asked for a longer pause than {@link #maxRetryAfter()}.
     */
    Optional<Duration> delay(int retry, Duration retryAfter, DoubleSupplier random) {
        if (retry > maxRetries) {
            return Optional.empty();
        }
        if (retryAfter != null) {
            return retryAfter.compareTo(maxRetryAfter) > 0 ? Optional.empty() : Optional.of(retryAfter);
        }
        return Optional.of(backoff(retry, random));
    }

    /** `Retry-After` as seconds (integer or decimal) or an HTTP date; null when absent or unreadable. */
    static Duration parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        try {
            double seconds = Double.parseDouble(trimmed);
            return seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds) ? null : Duration.ofMillis((long) (seconds * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration wait = Duration.between(now, ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
