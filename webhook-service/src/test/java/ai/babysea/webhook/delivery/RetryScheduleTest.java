package ai.babysea.webhook.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Retry math: the fast phase is exact, the tail is jittered within bounds, and the default tail fits in 3 days. */
class RetryScheduleTest {
    private static final List<Duration> FAST = List.of(Duration.ZERO, Duration.ofMillis(500), Duration.ofMillis(1500),
            Duration.ofSeconds(3), Duration.ofSeconds(5));
    private static final List<Duration> TAIL = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30),
            Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10), Duration.ofHours(10),
            Duration.ofHours(10), Duration.ofHours(10), Duration.ofHours(12));

    @Test
    void fastPhaseIsTheContractScheduleExactly() {
        RetrySchedule schedule = new RetrySchedule(FAST, TAIL, 0.2, () -> 0.99);
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertEquals(Optional.of(FAST.get(attempt - 1)), schedule.delayBefore(attempt));
        }
        assertEquals(16, schedule.maxAttempts());
        assertEquals(Optional.empty(), schedule.delayBefore(17));
        assertEquals(Optional.empty(), schedule.delayBefore(0));
    }

    @Test
    void tailIsJitteredSymmetricallyWithinTheConfiguredFraction() {
        RetrySchedule low = new RetrySchedule(FAST, TAIL, 0.2, () -> 0.0);
        RetrySchedule high = new RetrySchedule(FAST, TAIL, 0.2, () -> 0.999999);
        RetrySchedule middle = new RetrySchedule(FAST, TAIL, 0.2, () -> 0.5);
        assertEquals(Duration.ofSeconds(48), low.delayBefore(6).orElseThrow());
        assertEquals(Duration.ofSeconds(60), middle.delayBefore(6).orElseThrow());
        long highMs = high.delayBefore(6).orElseThrow().toMillis();
        assertTrue(highMs > 71_990 && highMs <= 72_000, String.valueOf(highMs));
    }

    @Test
    void defaultScheduleEndsWithinThreeDaysEvenWithMaximalJitter() {
        RetrySchedule high = new RetrySchedule(FAST, TAIL, 0.2, () -> 0.999999);
        Duration total = Duration.ZERO;
        for (int attempt = 1; attempt <= high.maxAttempts(); attempt++) {
            total = total.plus(high.delayBefore(attempt).orElseThrow());
        }
        // Nominal 69.6 h; +20 % jitter would pass 72 h, which is why delivery age is also capped by retry.max-age.
        assertTrue(total.compareTo(Duration.ofHours(72)) > 0 && total.compareTo(Duration.ofHours(84)) < 0, total.toString());
        Duration nominal = high.nominal().stream().reduce(Duration.ZERO, Duration::plus);
        assertTrue(nominal.compareTo(Duration.ofHours(72)) < 0 && nominal.compareTo(Duration.ofHours(60)) > 0, nominal.toString());
    }
}
