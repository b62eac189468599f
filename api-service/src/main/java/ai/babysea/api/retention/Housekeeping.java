package ai.babysea.api.retention;

import ai.babysea.api.idempotency.IdempotencyService;
import ai.babysea.api.internal.RouterClient;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Bounded periodic cleanup: idempotency records past their 24 h window, and the plan's
 * retention (docs/api/limits-and-retention.md): output files
 * (Free 1 h, Starter 12 h, Pro 1 d, Scale 5 d, Enterprise 7 d; the record then says
 * `generation_removed: true`), generation records and request-log rows (Free 1 d, Starter 7 d,
 * Pro 30 d, Scale 180 d, Enterprise 365 d). An account's plan is read at cleanup time, so an upgrade
 * extends what has not been removed yet.
 */
@ApplicationScoped
public class Housekeeping {
    static final int BATCH = 5_000;
    /** Output removals per run: each is a call to router-service, which deletes the objects. */
    static final int FILE_BATCH = 200;
    private static final Logger LOG = Logger.getLogger(Housekeeping.class);

    private final IdempotencyService idempotency;
    private final RetentionRepository retention;
    private final RouterClient router;

    Housekeeping(IdempotencyService idempotency, RetentionRepository retention, RouterClient router) {
        this.idempotency = idempotency;
        this.retention = retention;
        this.router = router;
    }

    @Scheduled(every = "${babysea.api.housekeeping-interval:5m}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        idempotency.purgeExpired(BATCH);
        purgeLogs();
        removeExpiredOutputs();
        purgeGenerations();
    }

    /**
     * Removes the stored files of succeeded generations past their plan's output retention, oldest first: the
     * router deletes the objects, then the record is marked removed. If the router cannot be reached the run stops
     * and the next one retries (a record is marked only after its files are gone).
     */
    int removeExpiredOutputs() {
        List<UUID> due = retention.outputsDue(FILE_BATCH);
        int removed = 0;
        for (UUID generationId : due) {
            try {
                router.deleteFiles(generationId.toString());
            } catch (RuntimeException e) {
                LOG.warnf("output retention stopped after %d of %d: router-service: %s", removed, due.size(), e.toString());
                break;
            }
            removed += retention.markOutputsRemoved(generationId);
        }
        return removed;
    }

    /**
     * Deletes finished generation records past their plan's retention (their files went long before: every plan keeps
     * files for less time than records); a succeeded one whose files are not yet removed waits for that.
     */
    @Transactional
    int purgeGenerations() {
        return retention.deleteExpiredGenerations(BATCH);
    }

    @Transactional
    int purgeLogs() {
        return retention.deleteExpiredRequestLogs(BATCH);
    }
}
