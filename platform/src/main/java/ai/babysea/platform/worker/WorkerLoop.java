package ai.babysea.platform.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * One background thread that runs a {@link Cycle} of work over and over: the building block of every polling worker
 * (outbox relay, webhook delivery poller, router job claimer).
 *
 * <ul>
 *   <li>A cycle that reports more work ready (a full batch) is followed at once by the next one, after the optional
 *       {@code minGap}; otherwise the loop waits up to {@code idleWait} or until {@link #wake()} is called. A wake that
 *       arrives while a cycle runs is kept, so the next wait returns at once and no wake is lost.</li>
 *   <li>A cycle that throws is logged and followed by a pause that starts at {@code failureBackoff} and doubles with
 *       each consecutive failure up to {@code maxFailureBackoff}; a wake does not shorten it (a storm of wakes while the
 *       database is down must not turn into a storm of failing cycles); the first success resets it.</li>
 *   <li>{@link #pause()} stops cycles from starting (a cycle in progress finishes); {@link #resume()} restarts them.</li>
 *   <li>{@link #stop()} ends the loop: it interrupts no cycle (interrupting JDBC or Kafka calls breaks their connections)
 *       but cuts every wait and backoff short, then waits at most {@code stopTimeout} for the thread to end.</li>
 *   <li>{@link #lastSuccessfulCycle()} and {@link #healthy(Duration)} let a readiness check tell a stuck or failing
 *       worker from an idle one: an idle loop still completes a cycle every {@code idleWait}.</li>
 * </ul>
 *
 * <p>Use: build it when the owning bean starts (configuration is known then), call {@link #start()}, and
 * {@link #stop()} on shutdown before closing what the cycle uses:
 * <pre>{@code
 * loop = WorkerLoop.named("outbox-relay")
 *         .idleWait(Duration.ofMillis(100))
 *         .failureBackoff(Duration.ofSeconds(1), Duration.ofSeconds(10))
 *         .build(() -> publishBatch() == batchSize);
 * loop.start();
 * }</pre>
 * The thread is a daemon named after the loop. Not restartable: build a new loop to start again.
 */
public final class WorkerLoop {
    private static final Logger LOG = Logger.getLogger(WorkerLoop.class);

    /** One round of a worker's work. */
    @FunctionalInterface
    public interface Cycle {
        /**
         * Does one round of work (claim and process a batch, publish a batch, ...).
         *
         * @return true when more work is ready at once (the batch was full), false to wait for a wake or the idle wait
         * @throws Exception any failure: it is logged and the loop backs off
         */
        boolean run() throws Exception;
    }

    private final String name;
    private final Duration idleWait;
    private final Duration minGap;
    private final Duration failureBackoff;
    private final Duration maxFailureBackoff;
    private final Duration stopTimeout;
    private final Clock clock;
    private final Cycle cycle;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled by wake(), resume() and stop(). */
    private final Condition work = lock.newCondition();
    /** Signalled by stop() only: what backoffs and gaps wait on. */
    private final Condition stopping = lock.newCondition();
    private boolean pendingWork;
    private volatile boolean running;
    private volatile boolean paused;
    private volatile Instant lastSuccessfulCycle;
    private volatile int consecutiveFailures;
    private volatile long waitsEntered;
    private Thread thread;

    private WorkerLoop(Builder builder, Cycle cycle) {
        this.name = builder.name;
        this.idleWait = Objects.requireNonNull(builder.idleWait, "idleWait");
        this.minGap = builder.minGap;
        this.failureBackoff = builder.failureBackoff;
        this.maxFailureBackoff = builder.maxFailureBackoff;
        this.stopTimeout = builder.stopTimeout;
        this.clock = builder.clock;
        this.cycle = Objects.requireNonNull(cycle, "cycle");
        this.lastSuccessfulCycle = clock.instant();
    }

    /** Starts describing a loop whose thread carries this name. */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /** Starts the thread; a loop starts once. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("worker " + name + " was already started");
        }
        running = true;
        lastSuccessfulCycle = clock.instant();
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Ends the loop: no further cycle starts, waits and backoffs end at once, and the caller waits up to the stop
     * timeout for a cycle in progress to finish. Returns whether the thread ended within it (true when never started).
     */
    public boolean stop() {
        Thread current;
        synchronized (this) {
            current = thread;
        }
        running = false;
        lock.lock();
        try {
            work.signalAll();
            stopping.signalAll();
        } finally {
            lock.unlock();
        }
        if (current == null) {
            return true;
        }
        try {
            current.join(stopTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (current.isAlive()) {
            LOG.warnf("worker %s did not end within %s; its cycle is still running", name, stopTimeout);
            return false;
        }
        return true;
    }

    /** Ends the current idle wait (or makes the next one return at once): there is work to do now. */
    public void wake() {
        lock.lock();
        try {
            pendingWork = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** No cycle starts until {@link #resume()}; a cycle in progress finishes. */
    public void pause() {
        paused = true;
    }

    /** Cycles start again, the first one at once. */
    public void resume() {
        lastSuccessfulCycle = clock.instant();
        paused = false;
        wake();
    }

    /** Whether the loop is paused. */
    public boolean paused() {
        return paused;
    }

    /** Whether the loop was started and not stopped. */
    public boolean running() {
        return running;
    }

    /** When the last cycle completed without an exception (the start or resume time before the first one). */
    public Instant lastSuccessfulCycle() {
        return lastSuccessfulCycle;
    }

    /** Cycles that failed in a row since the last success. */
    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    /**
     * Whether the worker is fine: not running (never started, or stopped), paused on purpose, or its last cycle
     * succeeded no longer than {@code maxSilence} ago. Pick {@code maxSilence} well above the idle wait and the
     * longest expected cycle.
     */
    public boolean healthy(Duration maxSilence) {
        if (!running || paused) {
            return true;
        }
        return Duration.between(lastSuccessfulCycle, clock.instant()).compareTo(maxSilence) <= 0;
    }

    /** How many times the thread started waiting (idle, paused, backoff or gap); lets tests know the loop is parked. */
    long waitsEntered() {
        return waitsEntered;
    }

    /** The pause after the given number of consecutive failures (1 = the first): doubling from the base, capped. */
    static Duration backoff(Duration base, Duration max, int failures) {
        Duration pause = base;
        for (int i = 1; i < failures && pause.compareTo(max) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(max) > 0 ? max : pause;
    }

    private void loop() {
        while (running) {
            if (paused) {
                awaitWork(idleWait);
                continue;
            }
            boolean more;
            try {
                more = cycle.run();
            } catch (Exception e) {
                int failures = consecutiveFailures + 1;
                consecutiveFailures = failures;
                Duration pause = backoff(failureBackoff, maxFailureBackoff, failures);
                LOG.warnf("worker %s: cycle failed (%d in a row), retrying in %d ms: %s", name, failures, pause.toMillis(), e.toString());
                rest(pause);
                continue;
            }
            consecutiveFailures = 0;
            lastSuccessfulCycle = clock.instant();
            if (!minGap.isZero()) {
                rest(minGap);
            }
            if (!more) {
                awaitWork(idleWait);
            }
        }
    }

    /** Waits for a wake, resume or stop, at most {@code timeout}; consumes a wake that came in meanwhile. */
    private void awaitWork(Duration timeout) {
        lock.lock();
        try {
            waitsEntered++;
            long nanos = timeout.toNanos();
            while (running && !pendingWork && nanos > 0) {
                nanos = work.awaitNanos(nanos);
            }
            pendingWork = false;
        } catch (InterruptedException e) {
            // The loop owns this thread and ends through stop(), not interrupts: the interrupt only ends this wait.
        } finally {
            lock.unlock();
        }
    }

    /** Waits {@code pause}, cut short only by stop. */
    private void rest(Duration pause) {
        lock.lock();
        try {
            waitsEntered++;
            long nanos = pause.toNanos();
            while (running && nanos > 0) {
                nanos = stopping.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            // The loop owns this thread and ends through stop(), not interrupts: the interrupt only ends this wait.
        } finally {
            lock.unlock();
        }
    }

    /** The settings of a {@link WorkerLoop}; only {@link #idleWait(Duration)} is required. */
    public static final class Builder {
        private final String name;
        private Duration idleWait;
        private Duration minGap = Duration.ZERO;
        private Duration failureBackoff = Duration.ofSeconds(1);
        private Duration maxFailureBackoff = Duration.ofSeconds(30);
        private Duration stopTimeout = Duration.ofSeconds(5);
        private Clock clock = Clock.systemUTC();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Longest wait between cycles when there was no full batch and nobody woke the loop. */
        public Builder idleWait(Duration idleWait) {
            this.idleWait = positive(idleWait, "idleWait");
            return this;
        }

        /** Least time between the end of one successful cycle and the start of the next; default 0. */
        public Builder minGap(Duration minGap) {
            this.minGap = Objects.requireNonNull(minGap, "minGap").isNegative() ? Duration.ZERO : minGap;
            return this;
        }

        /** Pause after the first failed cycle, doubling per further failure up to {@code max}; default 1 s up to 30 s. */
        public Builder failureBackoff(Duration first, Duration max) {
            this.failureBackoff = positive(first, "failureBackoff");
            this.maxFailureBackoff = positive(max, "maxFailureBackoff").compareTo(first) < 0 ? first : max;
            return this;
        }

        /** How long {@link WorkerLoop#stop()} waits for a cycle in progress; default 5 s. */
        public Builder stopTimeout(Duration stopTimeout) {
            this.stopTimeout = positive(stopTimeout, "stopTimeout");
            return this;
        }

        /** The clock of {@link WorkerLoop#lastSuccessfulCycle()} and {@link WorkerLoop#healthy(Duration)}; default UTC. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The loop, not started. */
        public WorkerLoop build(Cycle cycle) {
            return new WorkerLoop(this, cycle);
        }

        private static Duration positive(Duration value, String what) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, was " + value);
            }
            return value;
        }
    }
}
