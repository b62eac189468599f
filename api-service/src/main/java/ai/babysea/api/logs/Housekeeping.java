package ai.babysea.api.logs;

import ai.babysea.api.idempotency.IdempotencyService;
import ai.babysea.platform.jdbc.Sql;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Bounded periodic cleanup: idempotency records past their 24 h window, inbox rows past a week
 * (redelivery happens within minutes), and request-log rows past the plan's retention (terms:
 * Free 1 d, Starter 7 d, Pro 30 d, Scale 180 d, Enterprise 365 d).
 */
@ApplicationScoped
public class Housekeeping {
    static final int BATCH = 5_000;

    private final IdempotencyService idempotency;
    private final Sql sql;

    Housekeeping(IdempotencyService idempotency, Sql sql) {
        this.idempotency = idempotency;
        this.sql = sql;
    }

    @Scheduled(every = "${babysea.api.housekeeping-interval:5m}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        idempotency.purgeExpired(BATCH);
        purgeLogs();
        purgeInbox();
    }

    @Transactional
    void purgeLogs() {
        sql.update("DELETE FROM request_log WHERE id IN (SELECT r.id FROM request_log r LEFT JOIN accounts a ON a.account_id = r.account_id "
                + "WHERE r.created_at < now() - make_interval(days => CASE coalesce(a.billing_plan, 'Free') WHEN 'Starter' THEN 7 "
                + "WHEN 'Pro' THEN 30 WHEN 'Scale' THEN 180 WHEN 'Enterprise' THEN 365 ELSE 1 END) LIMIT ?)", BATCH);
    }

    @Transactional
    void purgeInbox() {
        sql.update("DELETE FROM inbox WHERE ctid IN (SELECT ctid FROM inbox WHERE processed_at < now() - interval '7 days' LIMIT ?)", BATCH);
    }
}
