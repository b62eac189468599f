package ai.babysea.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The retry rules and the backoff arithmetic, without any HTTP. */
class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(2, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60));

    @ParameterizedTest(name = "status {0}, flag {1} -> {2}")
    @CsvSource(nullValues = "null", value = {
        "429, null, true", "500, null, true", "502, null, true", "503, null, true", "504, null, true",
        "400, null, false", "401, null, false", "402, null, false", "403, null, false", "404, null, false", "409, null, false",
        "422, null, false",
        // the envelope's flag wins over the status either way
        "409, true, true", "503, false, false", "500, false, false", "400, true, true"})
    void theEnvelopesFlagDecidesAndWithoutItOnly429And5xxAreRetried(int status, Boolean flag, boolean expected) {
        assertEquals(expected, RetryPolicy.retryableAnswer(status, flag));
    }

    @Test
    void fullJitterStaysBelowTheDoublingCeilingAndTheCap() {
        double almostOne = Math.nextDown(1.0);
        assertEquals(Duration.ZERO, policy.backoff(1, () -> 0.0));
        assertEquals(Duration.ofMillis(999), policy.backoff(1, () -> almostOne));
        assertEquals(Duration.ofMillis(1999), policy.backoff(2, () -> almostOne));
        assertEquals(Duration.ofMillis(3999), policy.backoff(3, () -> almostOne));
        assertEquals(Duration.ofMillis(2000), policy.backoff(3, () -> 0.5));
        assertEquals(Duration.ofMillis(29_999), policy.backoff(6, () -> almostOne), "32 s is capped at 30 s");
        assertEquals(Duration.ofMillis(15_000), policy.backoff(40, () -> 0.5), "no overflow for large retry numbers");
        assertEquals(Duration.ofMillis(15_000), policy.backoff(Integer.MAX_VALUE, () -> 0.5));
    }

    @Test
    void retryAfterReplacesTheBackoffUnlessItIsLongerThanTheCallerWaits() {
        assertEquals(Optional.of(Duration.ofSeconds(7)), policy.delay(1, Duration.ofSeconds(7), () -> 0.99));
        assertEquals(Optional.of(Duration.ZERO), policy.delay(1, Duration.ZERO, () -> 0.99));
        assertEquals(Optional.of(Duration.ofSeconds(60)), policy.delay(2, Duration.ofSeconds(60), () -> 0.99));
        assertEquals(Optional.empty(), policy.delay(1, Duration.ofSeconds(61), () -> 0.99));
        assertEquals(Optional.of(Duration.ofMillis(500)), policy.delay(1, null, () -> 0.5));
    }

    @Test
    void noDelayOnceTheRetriesAreUsedUp() {
        assertTrue(policy.delay(2, null, () -> 0.5).isPresent());
        assertEquals(Optional.empty(), policy.delay(3, null, () -> 0.5));
        assertEquals(Optional.empty(), policy.delay(3, Duration.ofSeconds(1), () -> 0.5));
        RetryPolicy none = new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60));
        assertFalse(none.delay(1, Duration.ZERO, () -> 0.5).isPresent());
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        Instant now = Instant.parse("2026-12-07T10:00:00Z");
        assertEquals(Duration.ofSeconds(2), RetryPolicy.parseRetryAfter("2", now));
        assertEquals(Duration.ofMillis(1500), RetryPolicy.parseRetryAfter(" 1.5 ", now));
        assertEquals(Duration.ofSeconds(30), RetryPolicy.parseRetryAfter("Mon, 07 Dec 2026 10:00:30 GMT", now));
        assertEquals(Duration.ZERO, RetryPolicy.parseRetryAfter("Mon, 07 Dec 2026 09:59:00 GMT", now), "a past date means now");
        assertNull(RetryPolicy.parseRetryAfter("soon", now));
        assertNull(RetryPolicy.parseRetryAfter("-3", now));
        assertNull(RetryPolicy.parseRetryAfter("", now));
        assertNull(RetryPolicy.parseRetryAfter(null, now));
    }
}
