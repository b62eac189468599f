package ai.babysea.api.retention;

import ai.babysea.platform.jdbc.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * SQL of the retention terms by plan (docs/api/limits-and-retention.md) over the generations read model and the request log. An
 * account's plan is read at cleanup time (anything unknown counts as Free), so an upgrade extends what is still there.
 */
@ApplicationScoped
public class RetentionRepository {
    /** Days of records and logs kept, by plan. */
    static final String RECORD_DAYS = "CASE coalesce(a.billing_plan, 'Free') WHEN 'Starter' THEN 7 WHEN 'Pro' THEN 30 "
            + "WHEN 'Scale' THEN 180 WHEN 'Enterprise' THEN 365 ELSE 1 END";
    /** Hours of output files kept, by plan. */
    static final String OUTPUT_HOURS = "CASE coalesce(a.billing_plan, 'Free') WHEN 'Starter' THEN 12 WHEN 'Pro' THEN 24 "
            + "WHEN 'Scale' THEN 120 WHEN 'Enterprise' THEN 168 ELSE 1 END";

    private final Sql sql;

    RetentionRepository(Sql sql) {
        this.sql = sql;
    }

    /** Succeeded generations whose files outlived their plan's output retention, oldest first, at most {@code limit}. */
    List<UUID> outputsDue(int limit) {
        return sql.query("SELECT g.generation_id FROM generations g LEFT JOIN accounts a ON a.account_id = g.account_id "
                + "WHERE g.status = 'succeeded' AND NOT g.removed AND g.completed_at < now() - make_interval(hours => " + OUTPUT_HOURS
                + ") ORDER BY g.completed_at LIMIT ?", rs -> rs.getObject(1, UUID.class), limit);
    }

    /** Marks a generation's files removed; returns 1, or 0 when the record is gone. */
    int markOutputsRemoved(UUID generationId) {
        return sql.update("UPDATE generations SET removed = true WHERE generation_id = ?", generationId);
    }

    /**
     * Deletes at most {@code batch} finished generation records past their plan's record retention; a succeeded one only once
     * its files are removed.
     */
    int deleteExpiredGenerations(int batch) {
        return sql.update("DELETE FROM generations WHERE generation_id IN (SELECT g.generation_id FROM generations g "
                + "LEFT JOIN accounts a ON a.account_id = g.account_id WHERE g.status IN ('succeeded', 'failed', 'canceled') "
                + "AND (g.removed OR g.status <> 'succeeded') AND g.completed_at < now() - make_interval(days => " + RECORD_DAYS
                + ") LIMIT ?)", batch);
    }

    /** Deletes at most {@code batch} request-log rows past their plan's retention. */
    int deleteExpiredRequestLogs(int batch) {
        return sql.update("DELETE FROM request_log WHERE id IN (SELECT r.id FROM request_log r LEFT JOIN accounts a ON a.account_id = r.account_id "
                + "WHERE r.created_at < now() - make_interval(days => " + RECORD_DAYS + ") LIMIT ?)", batch);
    }
}
