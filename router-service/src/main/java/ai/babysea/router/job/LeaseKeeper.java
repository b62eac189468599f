package ai.babysea.router.job;

import ai.babysea.platform.worker.WorkerLoop;
import ai.babysea.router.config.RouterConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
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
    private final WorkerLoop claimer;
    private volatile boolean running;

    LeaseKeeper(JobService jobs, JobEngine engine, RouterConfig config) {
        this.jobs = jobs;
        this.engine = engine;
        this.config = config.worker();
        this.claimer = WorkerLoop.named("job-claimer").idleWait(this.config.claimInterval()).failureBackoff(Duration.ofSeconds(1),
                Duration.ofSeconds(10)).stopTimeout(Duration.ofSeconds(2)).build(() -> claimOnce() >= this.config.claimBatch());
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("job worker disabled: this instance only persists dispatched jobs");
            return;
        }
        engine.start(this::wake);
        running = true;
        claimer.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (!running) {
            return;
        }
        running = false;
        claimer.stop();
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
        claimer.pause();
    }

    /** Resumes claiming. */
    public void resumeClaiming() {
        claimer.resume();
    }

    /** Wakes the claimer (jobs were queued, or in-flight slots were freed). */
    public void wake() {
        claimer.wake();
    }

    /** Whether the claimer is paused (dispatched jobs are then queued, not leased at intake either). */
    boolean paused() {
        return claimer.paused();
    }

    /** Whether the claimer made progress recently (readiness). */
    public boolean healthy() {
        return !running || claimer.healthy(Duration.ofMinutes(1));
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
}
