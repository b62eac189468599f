package ai.babysea.platform.worker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Plain JUnit on real threads. Idle waits and backoffs are an hour long (one test excepted), so anything that happens
 * in these tests was caused by the loop's rules (a full batch, a wake, a resume, a stop) and never by a timer running
 * out; each cycle records what the test had announced before it ran, which tells whether it ran before or after it.
 */
class WorkerLoopTest {
    private static final Duration HOUR = Duration.ofHours(1);

    private WorkerLoop loop;

    @AfterEach
    void stop() {
        if (loop != null) {
            assertTrue(loop.stop(), "the loop ends within its stop timeout");
        }
    }

    @Test
    void runsBackToBackWhileBatchesAreFullThenWaitsForAWake() {
        AtomicInteger cycles = new AtomicInteger();
        AtomicReference<String> phase = new AtomicReference<>("before the wake");
        List<String> seen = new CopyOnWriteArrayList<>();
        loop = WorkerLoop.named("test-full-batches").idleWait(HOUR).build(() -> {
            seen.add(phase.get());
            return cycles.incrementAndGet() < 3; // full batches twice, then a partial one
        });
        loop.start();
        await().until(() -> cycles.get() == 3 && loop.waitsEntered() == 1);

        phase.set("after the wake");
        loop.wake();
        await().until(() -> cycles.get() == 4);

        assertEquals(List.of("before the wake", "before the wake", "before the wake", "after the wake"), seen);
    }

    @Test
    void aWakeDuringACycleIsNotLost() {
        AtomicInteger cycles = new AtomicInteger();
        loop = WorkerLoop.named("test-wake-during-cycle").idleWait(HOUR).build(() -> {
            if (cycles.incrementAndGet() == 1) {
                loop.wake(); // work arrives while this cycle runs
            }
            return false;
        });
        loop.start();
        await().until(() -> cycles.get() == 2 && loop.waitsEntered() == 2);
    }

    @Test
    void pausedLoopRunsNoCycleUntilResumed() {
        AtomicInteger cycles = new AtomicInteger();
        AtomicReference<String> phase = new AtomicReference<>("running");
        List<String> seen = new CopyOnWriteArrayList<>();
        loop = WorkerLoop.named("test-pause").idleWait(HOUR).build(() -> {
            seen.add(phase.get());
            cycles.incrementAndGet();
            return false;
        });
        loop.start();
        await().until(() -> cycles.get() == 1 && loop.waitsEntered() == 1);

        phase.set("paused");
        loop.pause();
        for (int i = 0; i < 3; i++) {
            long waits = loop.waitsEntered();
            loop.wake();
            await().until(() -> loop.waitsEntered() > waits); // the wake was handled and the loop waits again
        }
        assertTrue(loop.paused());
        assertTrue(loop.healthy(Duration.ZERO), "a paused worker is not a stuck one");

        phase.set("resumed");
        loop.resume();
        await().until(() -> cycles.get() == 2);
        assertEquals(List.of("running", "resumed"), seen);
    }

    @Test
    void failuresBackOffAndTheFirstSuccessResetsThem() {
        AtomicInteger cycles = new AtomicInteger();
        loop = WorkerLoop.named("test-failures").idleWait(HOUR).failureBackoff(Duration.ofMillis(1), Duration.ofMillis(4)).build(() -> {
            if (cycles.incrementAndGet() <= 3) {
                throw new IllegalStateException("database down");
            }
            return false;
        });
        Instant started = loop.lastSuccessfulCycle();
        loop.start();
        await().until(() -> cycles.get() == 4 && loop.waitsEntered() == 4); // three backoffs, then the idle wait
        assertEquals(0, loop.consecutiveFailures());
        assertFalse(loop.lastSuccessfulCycle().isBefore(started));
    }

    @Test
    void backoffDoublesUpToItsCap() {
        Duration base = Duration.ofMillis(100);
        Duration max = Duration.ofMillis(1_000);
        assertEquals(List.of(100L, 200L, 400L, 800L, 1_000L, 1_000L),
                List.of(1, 2, 3, 4, 5, 50).stream().map(n -> WorkerLoop.backoff(base, max, n).toMillis()).toList());
    }

    @Test
    void aWakeDoesNotCutABackoffShort() {
        Duration backoff = Duration.ofMillis(300);
        List<Long> startedNanos = new CopyOnWriteArrayList<>();
        loop = WorkerLoop.named("test-backoff-wake").idleWait(HOUR).failureBackoff(backoff, backoff).build(() -> {
            startedNanos.add(System.nanoTime());
            if (startedNanos.size() == 1) {
                throw new IllegalStateException("broker down");
            }
            return false;
        });
        loop.start();
        await().until(() -> loop.consecutiveFailures() == 1 && loop.waitsEntered() == 1);
        for (int i = 0; i < 3; i++) {
            loop.wake();
        }
        await().until(() -> startedNanos.size() >= 2);
        // A lower bound only (a busy machine makes the gap longer, never shorter): the retry waited out its backoff.
        long gapMillis = TimeUnit.NANOSECONDS.toMillis(startedNanos.get(1) - startedNanos.get(0));
        assertTrue(gapMillis >= backoff.toMillis(), "the retry came " + gapMillis + " ms after the failure, inside the backoff");
    }

    @Test
    void stopEndsAnIdleWaitAndABackoff() {
        loop = WorkerLoop.named("test-stop-idle").idleWait(HOUR).build(() -> false);
        loop.start();
        await().until(() -> loop.waitsEntered() == 1);
        assertTrue(loop.stop());
        assertFalse(loop.running());

        loop = WorkerLoop.named("test-stop-backoff").idleWait(HOUR).failureBackoff(HOUR, HOUR).build(() -> {
            throw new IllegalStateException("always");
        });
        loop.start();
        await().until(() -> loop.waitsEntered() == 1);
        assertTrue(loop.stop());
    }

    @Test
    void stopWaitsOnlyItsBoundForACycleThatDoesNotEnd() throws InterruptedException {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger cycles = new AtomicInteger();
        WorkerLoop stuck = WorkerLoop.named("test-stuck").idleWait(HOUR).stopTimeout(Duration.ofMillis(50)).build(() -> {
            cycles.incrementAndGet();
            release.await();
            return false;
        });
        stuck.start();
        await().until(() -> cycles.get() == 1);
        assertFalse(stuck.stop(), "the cycle is still running after the bound");
        release.countDown();
        await().until(() -> !threadAlive("test-stuck"));
        assertEquals(1, cycles.get(), "no cycle starts after stop");
    }

    @Test
    void healthTellsAStuckWorkerFromAnIdleOne() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
        AtomicInteger cycles = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        loop = WorkerLoop.named("test-health").idleWait(HOUR).failureBackoff(HOUR, HOUR).clock(clock)
                .build(() -> {
                    cycles.incrementAndGet();
                    if (failure.get() != null) {
                        throw failure.get();
                    }
                    return false;
                });
        assertTrue(loop.healthy(Duration.ZERO), "not started: nothing is stuck");
        loop.start();
        await().until(() -> cycles.get() == 1 && loop.waitsEntered() == 1);
        clock.advance(Duration.ofSeconds(30));
        assertTrue(loop.healthy(Duration.ofMinutes(1)));

        failure.set(new IllegalStateException("database down"));
        loop.wake();
        await().until(() -> loop.consecutiveFailures() == 1);
        clock.advance(Duration.ofSeconds(31));
        assertFalse(loop.healthy(Duration.ofMinutes(1)), "61 s since the last successful cycle");
        assertEquals(Instant.parse("2026-12-07T10:00:00Z"), loop.lastSuccessfulCycle());
    }

    @Test
    void startsOnceAndRejectsBadSettings() {
        loop = WorkerLoop.named("test-start-once").idleWait(HOUR).build(() -> false);
        loop.start();
        assertThrows(IllegalStateException.class, loop::start);
        assertThrows(IllegalArgumentException.class, () -> WorkerLoop.named("x").idleWait(Duration.ZERO));
        assertThrows(NullPointerException.class, () -> WorkerLoop.named("x").build(() -> false));
    }

    private static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
