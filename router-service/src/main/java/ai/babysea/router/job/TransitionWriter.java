package ai.babysea.router.job;

import ai.babysea.platform.kafka.Stopping;
import ai.babysea.platform.tracing.TraceContext;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Makes the engine's transitions durable in groups: one thread takes whatever steps are waiting (up to
 * {@code max-batch}) and applies them in one transaction ({@link JobService#apply}), so the commit and the outbox
 * insert are shared by every job that moved meanwhile instead of paid per step. A failed transaction is retried with
 * backoff (a restarting database loses nothing that is still in memory); past the bound the steps are applied one by
 * one, and a step that still fails is given up: the engine drops its job, whose lease then lapses, and the job is
 * claimed again and resumed from its row.
 */
final class TransitionWriter {
    private static final Logger LOG = Logger.getLogger(TransitionWriter.class);
    /** Delays before the retries of a failed batch (about 15 s in all: a database restart fits in it). */
    private static final long[] BACKOFF_MS = {50, 100, 250, 500, 1_000, 2_000, 4_000, 8_000};

    /** A step waiting for its transaction, with what to do once it is known how it ended. */
    private record Pending(Transition transition, Consumer<Transition.Outcome> then, Runnable gaveUp) {
    }

    private final JobService jobs;
    private final String owner;
    private final int maxBatch;
    private final Executor callbacks;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final DistributionSummary batchSizes;
    private volatile boolean running;
    private Thread thread;

    TransitionWriter(JobService jobs, String owner, int maxBatch, Executor callbacks, MeterRegistry meters) {
        this.jobs = jobs;
        this.owner = owner;
        this.maxBatch = maxBatch;
        this.callbacks = callbacks;
        this.batchSizes = meters.summary("babysea.router.transitions.batch.size");
        meters.gauge("babysea.router.transitions.waiting", queue, BlockingQueue::size);
    }

    void start() {
        running = true;
        thread = new Thread(this::loop, "job-transitions");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops after the steps already waiting were written (bounded by {@code timeoutMs}). */
    void stop(long timeoutMs) {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(timeoutMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Queues a step; {@code then} runs (on the callback executor) with its outcome, {@code gaveUp} if it could not be written. */
    void write(Transition transition, Consumer<Transition.Outcome> then, Runnable gaveUp) {
        queue.add(new Pending(transition, then, gaveUp));
    }

    /** Steps waiting to be written. */
    int waiting() {
        return queue.size();
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                writeBatch(batch);
            } catch (InterruptedException e) {
                if (!running) {
                    // stopping: write what is already queued once more, without waiting for new steps
                    queue.drainTo(batch);
                    if (!batch.isEmpty()) {
                        writeOnce(batch);
                    }
                    return;
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "transition writer failed; %d steps given up", batch.size());
                batch.forEach(pending -> callbacks.execute(pending.gaveUp()));
            } finally {
                batch.clear();
            }
        }
    }

    private void writeBatch(List<Pending> batch) throws InterruptedException {
        RuntimeException last = null;
        for (int attempt = 0; attempt <= BACKOFF_MS.length; attempt++) {
            if (attempt > 0) {
                if (Stopping.now()) {
                    break;
                }
                Thread.sleep(BACKOFF_MS[attempt - 1]);
            }
            try {
                deliver(batch, apply(batch));
                batchSizes.record(batch.size());
                return;
            } catch (RuntimeException e) {
                last = e;
                LOG.warnf("writing %d job transitions failed (attempt %d), retrying: %s", batch.size(), attempt + 1, e.toString());
            }
        }
        LOG.errorf("writing %d job transitions keeps failing (%s); writing them one by one", batch.size(), String.valueOf(last));
        for (Pending pending : batch) {
            writeOnce(List.of(pending));
        }
    }

    private void writeOnce(List<Pending> batch) {
        try {
            deliver(batch, apply(batch));
        } catch (RuntimeException e) {
            LOG.warnf("job transition of %s given up (the job's lease lapses and it resumes from its row): %s",
                    batch.get(0).transition().job().generationId(), e.toString());
            batch.forEach(pending -> callbacks.execute(pending.gaveUp()));
        }
    }

    /** Applies the batch in one transaction, each job's events carrying the traceparent of its run. */
    private Map<Transition, Transition.Outcome> apply(List<Pending> batch) {
        Map<String, String> traceparents = new java.util.HashMap<>();
        for (Pending pending : batch) {
            Transition.JobRef job = pending.transition().job();
            if (job.traceparent() != null) {
                traceparents.put(job.generationId(), job.traceparent());
            }
        }
        List<Transition> transitions = batch.stream().map(Pending::transition).toList();
        var outcomes = new java.util.concurrent.atomic.AtomicReference<Map<Transition, Transition.Outcome>>();
        TraceContext.runWithTraceparentsByKey(traceparents, () -> outcomes.set(jobs.apply(owner, transitions)));
        return outcomes.get();
    }

    private void deliver(List<Pending> batch, Map<Transition, Transition.Outcome> outcomes) {
        for (Pending pending : batch) {
            Transition.Outcome outcome = outcomes.getOrDefault(pending.transition(), Transition.Outcome.STALE);
            callbacks.execute(() -> pending.then().accept(outcome));
        }
    }
}
