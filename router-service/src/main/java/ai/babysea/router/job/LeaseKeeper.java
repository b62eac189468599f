package ai.babysea.router.job;

import ai.babysea.router.config.RouterConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * The jobs this instance holds: a claimer thread leases queued jobs and jobs whose holder's lease lapsed (bounded by
 * the engine's in-flight slots: jobs beyond it wait in the database, which is the backpressure), and a timer renews
 * the leases of exactly the jobs the engine drives in memory, so a job the engine dropped lapses and is claimed again.
 * Also starts and stops the engine with the application; on shutdown the leases are given back at once.
 */
@ApplicationScoped
public class LeaseKeeper {
    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class);

    private final JobService jobs;
    private final JobEngine engine;
    private final RouterConfig.Worker config;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    private volatile boolean pendingWork;
    private volatile boolean running;
    private volatile boolean paused;
    private Thread claimer;

    LeaseKeeper(JobService jobs, JobEngine engine, RouterConfig config) {
        this.jobs = jobs;
        this.engine = engine;
        this.config = config.worker();
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("job worker disabled: this instance only persists dispatched jobs");
            return;
        }
        engine.start(this::wake);
        running = true;
        claimer = new Thread(this::claimLoop, "job-claimer");
        claimer.setDaemon(true);
        claimer.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (!running) {
            return;
        }
        running = false;
        wake();
        try {
            claimer.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        engine.stop();
        try {
            // Hand the jobs back so another instance continues them without waiting for the leases to lapse.
            LOG.infof("released %d job leases on shutdown", jobs.releaseAll(engine.owner()));
        } catch (RuntimeException e) {
            LOG.warnf("could not release leases on shutdown (they lapse by themselves): %s", e.toString());
        }
    }

    /** Whether this instance drives jobs (the worker is enabled and started). */
    boolean running() {
        return running;
    }

    /** Stops claiming new jobs (jobs in flight continue); used to drain an instance. */
    public void pauseClaiming() {
        paused = true;
    }

    /** Resumes claiming. */
    public void resumeClaiming() {
        paused = false;
        wake();
    }

    /** Wakes the claimer (jobs were queued, or in-flight slots were freed). */
    public void wake() {
        lock.lock();
        try {
            pendingWork = true;
            wakeUp.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the claimer is paused (dispatched jobs are then queued, not leased at intake either). */
    boolean paused() {
        return paused;
    }

    @Scheduled(every = "${babysea.router.worker.lease-renew-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void renewLeases() {
        if (!running) {
            return;
        }
        List<String> driving = engine.driving();
        // in slices, so one statement never carries an unbounded array
        for (int from = 0; from < driving.size(); from += 1_000) {
            jobs.renew(engine.owner(), driving.subList(from, Math.min(driving.size(), from + 1_000)), config.leaseDuration());
        }
    }

    private void claimLoop() {
        while (running) {
            try {
                int claimed = paused ? 0 : claimOnce();
                if (claimed < config.claimBatch()) {
                    awaitWork(config.claimInterval().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("claiming jobs failed, retrying: %s", e.toString());
                try {
                    awaitWork(1_000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private int claimOnce() {
        int slots = engine.reserve(config.claimBatch());
        if (slots == 0) {
            return 0;
        }
        List<Job> claimed;
        try {
            claimed = jobs.claim(engine.owner(), slots, config.leaseDuration());
        } catch (RuntimeException e) {
            engine.unreserve(slots);
            throw e;
        }
        engine.unreserve(slots - claimed.size());
        engine.adopt(claimed);
        return claimed.size();
    }

    private void awaitWork(long ms) throws InterruptedException {
        lock.lock();
        try {
            if (!pendingWork && running) {
                wakeUp.await(ms, TimeUnit.MILLISECONDS);
            }
            pendingWork = false;
        } finally {
            lock.unlock();
        }
    }
}
