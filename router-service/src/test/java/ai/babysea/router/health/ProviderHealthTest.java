package ai.babysea.router.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.router.config.RouterConfig;
import ai.babysea.router.health.ProviderHealth.Admission;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Circuit breaker and ranking rules, on a controlled clock. */
class ProviderHealthTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final ProviderHealth health = new ProviderHealth(now::get, settings(5, 0.5, 3, 2));

    /** Breaker settings: window 5 min, open 30 s. */
    static RouterConfig.Health settings(int minAttempts, double threshold, int probes, int successesToClose) {
        return new RouterConfig.Health() {
            public Duration window() {
                return Duration.ofMinutes(5);
            }

            public int minAttempts() {
                return minAttempts;
            }

            public double failureThreshold() {
                return threshold;
            }

            public Duration openDuration() {
                return Duration.ofSeconds(30);
            }

            public int halfOpenProbes() {
                return probes;
            }

            public int halfOpenSuccesses() {
                return successesToClose;
            }
        };
    }

    private void fail(String provider, int times) {
        for (int i = 0; i < times; i++) {
            health.record(provider, "m", Admission.CLOSED, false, 100);
        }
    }

    @Test
    void opensAfterSustainedFailuresThenAdmitsABoundedTrickleAndClosesAfterEnoughSuccesses() {
        assertEquals("unknown", health.stats("bfl", "m").status());
        fail("bfl", 4);
        assertTrue(health.admissible("bfl", "m"), "below min-attempts the breaker stays closed");
        fail("bfl", 1);
        assertEquals("degraded", health.stats("bfl", "m").status());
        assertFalse(health.admissible("bfl", "m"));
        assertNull(health.tryAdmit("bfl", "m"));
        assertEquals(Admission.CLOSED, health.tryAdmit("replicate", "m"), "other providers are unaffected");

        now.addAndGet(30_000);
        assertEquals("recovering", health.stats("bfl", "m").status());
        assertEquals(Admission.PROBE, health.tryAdmit("bfl", "m"));
        assertEquals(Admission.PROBE, health.tryAdmit("bfl", "m"));
        assertEquals(Admission.PROBE, health.tryAdmit("bfl", "m"), "a trickle of three trial attempts at once");
        assertNull(health.tryAdmit("bfl", "m"), "not more than the trickle");
        health.release("bfl", "m", Admission.PROBE);
        assertEquals(Admission.PROBE, health.tryAdmit("bfl", "m"), "an attempt ended without a verdict frees its slot");

        health.record("bfl", "m", Admission.PROBE, true, 80);
        assertEquals("recovering", health.stats("bfl", "m").status(), "one success is not enough");
        health.record("bfl", "m", Admission.PROBE, true, 80);
        assertEquals("healthy", health.stats("bfl", "m").status(), "two successes close it");
        assertEquals(Admission.CLOSED, health.tryAdmit("bfl", "m"));
    }

    @Test
    void aFailedTrialOpensTheBreakerAgain() {
        fail("bfl", 5);
        now.addAndGet(30_000);
        assertEquals(Admission.PROBE, health.tryAdmit("bfl", "m"));
        health.record("bfl", "m", Admission.PROBE, false, 100);
        assertEquals("degraded", health.stats("bfl", "m").status());
        assertNull(health.tryAdmit("bfl", "m"));
    }

    @Test
    void forgetsOutcomesOutsideTheWindow() {
        fail("fal", 4);
        now.addAndGet(Duration.ofMinutes(6).toMillis());
        fail("fal", 1);
        assertEquals(1, health.stats("fal", "m").total());
        assertEquals("healthy", health.stats("fal", "m").status());
    }

    @Test
    void retryAfterRefusesTheProviderUntilItPasses() {
        health.coolDown("openai", Duration.ofSeconds(20));
        assertFalse(health.admissible("openai", "m"));
        assertNull(health.tryAdmit("openai", "m"));
        now.addAndGet(20_000);
        assertTrue(health.admissible("openai", "m"));
    }

    @Test
    void byHealthPutsTheLowestFailureRateFirstAndCoolingDownLast() {
        health.record("bfl", "m", Admission.CLOSED, false, 100);
        health.record("bfl", "m", Admission.CLOSED, true, 100);
        fail("replicate", 3);
        health.coolDown("fal", Duration.ofSeconds(10));
        assertEquals(List.of("cloudflare", "bfl", "replicate", "fal"), health.byHealth(List.of("fal", "replicate", "bfl", "cloudflare"), "m"));
    }

    @Test
    void fastestRanksByRecordAndFallsBackToTheGivenOrder() {
        List<String> order = List.of("bfl", "replicate", "fal");
        assertEquals(order, health.rank(order, "m"), "no data: the model's order");
        health.record("fal", "m", Admission.CLOSED, true, 300);
        health.record("replicate", "m", Admission.CLOSED, true, 900);
        fail("bfl", 2);
        assertEquals(List.of("fal", "replicate", "bfl"), health.rank(order, "m"));
        health.record("fal", "m", Admission.CLOSED, true, 3_000);
        health.record("fal", "m", Admission.CLOSED, true, 3_000);
        assertEquals(List.of("replicate", "fal", "bfl"), health.rank(order, "m"), "latency decides among healthy providers");
    }
}
