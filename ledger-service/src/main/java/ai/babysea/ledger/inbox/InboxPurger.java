package ai.babysea.ledger.inbox;

import ai.babysea.ledger.config.LedgerConfig;
import ai.babysea.platform.jdbc.Sql;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Periodically deletes inbox rows older than {@code babysea.ledger.inbox-retention} (default 8 days), in batches of
 * {@code inbox-purge-batch} rows, each batch its own short transaction. The retention is longer than the 7 days Kafka
 * keeps the topics the ledger consumes, so a row is gone only once its event can no longer be redelivered.
 * Several replicas may purge at once: each batch locks the rows it deletes with SKIP LOCKED, so they share the work.
 */
@ApplicationScoped
public class InboxPurger {
    private static final Logger LOG = Logger.getLogger(InboxPurger.class);
    // ctid = ANY(ARRAY(...)) deletes by tuple id (a TID scan, no second index lookup); the sub-select walks the
    // processed_at index. FOR UPDATE SKIP LOCKED: a concurrent replica takes other rows instead of waiting for these.
    private static final String DELETE_BATCH = "DELETE FROM inbox WHERE ctid = ANY(ARRAY(SELECT ctid FROM inbox "
            + "WHERE processed_at < now() - make_interval(secs => ?) LIMIT ? FOR UPDATE SKIP LOCKED))";

    private final Sql sql;
    private final LedgerConfig config;
    private final MeterRegistry meters;

    InboxPurger(Sql sql, LedgerConfig config, MeterRegistry meters) {
        this.sql = sql;
        this.config = config;
        this.meters = meters;
    }

    @Scheduled(every = "${babysea.ledger.inbox-purge-interval:10m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        purge();
    }

    /** Deletes every inbox row processed before now minus the retention, batch by batch; returns how many it deleted. */
    public long purge() {
        double retentionSeconds = config.inboxRetention().toMillis() / 1000.0;
        int batch = Math.max(1, config.inboxPurgeBatch()); // a batch of 0 would loop forever
        long deleted = 0;
        int last;
        do {
            last = QuarkusTransaction.requiringNew().call(() -> sql.update(DELETE_BATCH, retentionSeconds, batch));
            deleted += last;
            // keep going while full batches come back, like the expiry sweep; rows only age past the retention at the
            // rate events arrive, far below the rate batches are deleted, so the loop ends
        } while (last == batch);
        if (deleted > 0) {
            meters.counter("babysea.ledger.inbox.purged").increment(deleted);
            LOG.infof("inbox purge deleted %d rows processed more than %s ago", deleted, config.inboxRetention());
        }
        return deleted;
    }
}
