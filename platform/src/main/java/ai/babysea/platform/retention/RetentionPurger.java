package ai.babysea.platform.retention;

import ai.babysea.platform.inbox.InboxConfig;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Keeps the tables that only grow bounded: every {@code babysea.purge.interval} it deletes, in every service, the inbox
 * rows processed longer than {@code babysea.inbox.retention} ago and the rows of each {@link PurgeTarget} bean the
 * service produces (webhook-service: its terminal-event dedupe), with {@link BatchedPurge}: short batches, a bound per
 * run, replicas sharing the work.
 *
 * <p>Metrics, tagged {@code table}: {@code babysea_purge_deleted_total}, {@code babysea_purge_runs_bounded_total} (runs
 * that stopped at their bound with rows left), {@code babysea_purge_failures_total}, and the gauges
 * {@code babysea_purge_oldest_age_seconds} (the oldest row after the last run) and
 * {@code babysea_purge_retention_seconds}: a purge that falls behind shows as an oldest age well above the retention.
 */
@ApplicationScoped
public class RetentionPurger {
    private static final Logger LOG = Logger.getLogger(RetentionPurger.class);

    private final AgroalDataSource dataSource;
    private final PurgeConfig config;
    private final List<PurgeTarget> targets;
    private final Map<String, Meters> meters = new LinkedHashMap<>();

    RetentionPurger(AgroalDataSource dataSource, PurgeConfig config, InboxConfig inbox, Instance<PurgeTarget> serviceTargets,
            MeterRegistry registry) {
        this.dataSource = dataSource;
        this.config = config;
        List<PurgeTarget> all = new ArrayList<>();
        all.add(new PurgeTarget("inbox", "processed_at", inbox.retention()));
        serviceTargets.forEach(all::add);
        this.targets = Collections.unmodifiableList(all);
        for (PurgeTarget target : targets) {
            if (meters.containsKey(target.table())) {
                throw new IllegalStateException("two purge targets for table " + target.table());
            }
            meters.put(target.table(), new Meters(target, registry));
        }
    }

    /** The tables this service purges, the inbox first. */
    public List<PurgeTarget> targets() {
        return targets;
    }

    @Scheduled(every = "${babysea.purge.interval:5m}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (config.enabled()) {
            purgeAll();
        }
    }

    /** One run over every table; a table that fails is logged and counted, the others still run. */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public Map<String, BatchedPurge.Result> purgeAll() {
        Map<String, BatchedPurge.Result> results = new LinkedHashMap<>();
        for (PurgeTarget target : targets) {
            try {
                results.put(target.table(), purge(target));
            } catch (SQLException | RuntimeException e) {
                meters.get(target.table()).failures.increment();
                LOG.warnf("purge of %s failed (the next run retries): %s", target.table(), e.toString());
            }
        }
        return results;
    }

    private BatchedPurge.Result purge(PurgeTarget target) throws SQLException {
        Meters m = meters.get(target.table());
        BatchedPurge.Result result = BatchedPurge.run(dataSource, target, config.batchSize(), config.maxBatchesPerRun());
        m.deleted.increment(result.deleted());
        if (result.bounded()) {
            m.bounded.increment();
            LOG.warnf("purge of %s stopped at its bound of %d rows; the next run continues", target.table(), result.deleted());
        } else if (result.deleted() > 0) {
            LOG.infof("purge deleted %d rows of %s older than %s", result.deleted(), target.table(), target.retention());
        }
        m.oldestAgeSeconds.set(BatchedPurge.oldestAgeSeconds(dataSource, target));
        return result;
    }

    /** The meters of one table. */
    private static final class Meters {
        final Counter deleted;
        final Counter bounded;
        final Counter failures;
        final AtomicLong oldestAgeSeconds = new AtomicLong();

        Meters(PurgeTarget target, MeterRegistry registry) {
            String table = target.table();
            deleted = Counter.builder("babysea.purge.deleted").tag("table", table).register(registry);
            bounded = Counter.builder("babysea.purge.runs.bounded").tag("table", table).register(registry);
            failures = Counter.builder("babysea.purge.failures").tag("table", table).register(registry);
            Gauge.builder("babysea.purge.oldest.age", oldestAgeSeconds, AtomicLong::get).tag("table", table).baseUnit("seconds")
                    .register(registry);
            long retentionSeconds = target.retention().toSeconds();
            Gauge.builder("babysea.purge.retention", () -> retentionSeconds).tag("table", table).baseUnit("seconds").register(registry);
        }
    }
}
