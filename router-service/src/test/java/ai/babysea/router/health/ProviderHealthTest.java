package ai.babysea.router.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Circuit breaker and `fastest` ranking rules, on a controlled clock. */
class ProviderHealthTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final ProviderHealth health = new ProviderHealth(now::get, Duration.ofMinutes(5), 5, 0.5, Duration.ofSeconds(30));

    @Test
    void opensAfterSustainedFailuresThenLetsOneProbeThroughAndRecovers() {
        assertEquals("unknown", health.stats("bfl", "m").status());
        for (int i = 0; i < 4; i++) {
            health.record("bfl", "m", false, 100);
        }
        assertTrue(health.available("bfl", "m"), "below min-attempts the breaker stays closed");
        health.record("bfl", "m", false, 100);
        assertEquals("degraded", health.stats("bfl", "m").status());
        assertFalse(health.available("bfl", "m"));
        assertFalse(health.tryAcquire("bfl", "m"));
        assertTrue(health.available("replicate", "m"), "other providers are unaffected");

        now.addAndGet(30_000);
        assertEquals("recovering", health.stats("bfl", "m").status());
        assertTrue(health.tryAcquire("bfl", "m"), "one probe after the open period");
        assertFalse(health.tryAcquire("bfl", "m"), "only one probe at a time");
        health.record("bfl", "m", false, 100);
        assertEquals("degraded", health.stats("bfl", "m").status(), "a failed probe opens it again");

        now.addAndGet(30_000);
        assertTrue(health.tryAcquire("bfl", "m"));
        health.record("bfl", "m", true, 80);
        assertEquals("healthy", health.stats("bfl", "m").status(), "a successful probe closes it");
        assertTrue(health.tryAcquire("bfl", "m"));
        assertTrue(health.tryAcquire("bfl", "m"));
    }

    @Test
    void forgetsOutcomesOutsideTheWindow() {
        for (int i = 0; i < 4; i++) {
            health.record("fal", "m", false, 100);
        }
        now.addAndGet(Duration.ofMinutes(6).toMillis());
        health.record("fal", "m", false, 100);
        assertEquals(1, health.stats("fal", "m").total());
        assertEquals("healthy", health.stats("fal", "m").status());
    }

    @Test
    void retryAfterSkipsTheProviderUntilItPasses() {
        health.coolDown("openai", Duration.ofSeconds(20));
        assertFalse(health.available("openai", "m"));
        assertFalse(health.tryAcquire("openai", "m"));
        now.addAndGet(20_000);
        assertTrue(health.available("openai", "m"));
    }

    @Test
    void fastestRanksByRecordAndFallsBackToTheGivenOrder() {
        List<String> order = List.of("bfl", "replicate", "fal");
        assertEquals(order, health.rank(order, "m"), "no data: the model's order");
        health.record("fal", "m", true, 300);
        health.record("replicate", "m", true, 900);
        health.record("bfl", "m", false, 100);
        health.record("bfl", "m", false, 100);
        assertEquals(List.of("fal", "replicate", "bfl"), health.rank(order, "m"));
        health.record("fal", "m", true, 3_000);
        health.record("fal", "m", true, 3_000);
        assertEquals(List.of("replicate", "fal", "bfl"), health.rank(order, "m"), "latency decides among healthy providers");
    }
}
