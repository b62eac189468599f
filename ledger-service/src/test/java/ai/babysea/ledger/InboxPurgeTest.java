package ai.babysea.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.babysea.contracts.Ids;
import ai.babysea.ledger.reconciliation.ReconciliationService;
import ai.babysea.platform.inbox.InboxConfig;
import ai.babysea.platform.jdbc.Sql;
import ai.babysea.platform.retention.BatchedPurge;
import ai.babysea.platform.retention.PurgeConfig;
import ai.babysea.platform.retention.PurgeTarget;
import ai.babysea.platform.retention.RetentionPurger;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Wiring: the real ledger-service on the embedded PostgreSQL (and the in-JVM broker it needs to start), with the
 * platform's retention purger (the scheduled run is off in the test profile; the test runs it). The test writes inbox
 * rows with backdated {@code processed_at} under two consumer names of its own, runs the purge and reads back which rows
 * are left: only the ones older than the retention (8 days) may go, across several batches of one run.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "ledger"))
class InboxPurgeTest {
    @Inject
    RetentionPurger purger;
    @Inject
    InboxConfig inbox;
    @Inject
    PurgeConfig purge;
    @Inject
    Sql sql;
    @Inject
    ReconciliationService reconciliation;

    @AfterEach
    void reconciled() {
        LedgerTesting.assertReconciled(reconciliation);
    }

    @Test
    void purgesExactlyTheInboxRowsOlderThanTheRetentionBatchByBatch() {
        assertEquals(Duration.ofDays(8), inbox.retention(), "the documented default (longer than the 7-day topic retention)");
        assertEquals(List.of(new PurgeTarget("inbox", "processed_at", Duration.ofDays(8))), purger.targets(),
                "the ledger purges its inbox and nothing else");
        assertFalse(purge.enabled(), "the test profile leaves the runs to the tests");
        String consumer = "test.inbox-purge-" + Ids.uuidV7();
        String other = "test.inbox-purge-other-" + Ids.uuidV7();
        int batch = purge.batchSize();
        int bulk = 2 * batch; // with the two rows below: two full batches and a partial one
        QuarkusTransaction.requiringNew().run(() -> {
            sql.update("INSERT INTO inbox (consumer, event_id, processed_at) SELECT ?, 'old-' || g, "
                    + "now() - interval '30 days' + g * interval '1 second' FROM generate_series(1, ?) g", consumer, bulk);
            insert(consumer, "past-retention-by-an-hour", "8 days 1 hour");
            insert(other, "old-of-another-consumer", "9 days");
            insert(consumer, "within-retention-by-an-hour", "7 days 23 hours");
            insert(consumer, "at-topic-retention", "7 days");
            insert(consumer, "fresh", "0 seconds");
            insert(other, "fresh-of-another-consumer", "1 minute");
        });
        assertEquals(bulk + 4, ids(consumer).size());

        BatchedPurge.Result result = purger.purgeAll().get("inbox");

        assertEquals(new BatchedPurge.Result(bulk + 2, 3, false), result,
                "every row past the retention in three batches, and nothing else in this database is that old");
        assertEquals(Set.of("within-retention-by-an-hour", "at-topic-retention", "fresh"), ids(consumer));
        assertEquals(Set.of("fresh-of-another-consumer"), ids(other));
        assertEquals(0, purger.purgeAll().get("inbox").deleted(), "a second run finds nothing left to purge");
    }

    private void insert(String consumer, String eventId, String age) {
        sql.update("INSERT INTO inbox (consumer, event_id, processed_at) VALUES (?, ?, now() - ?::interval)", consumer, eventId, age);
    }

    private Set<String> ids(String consumer) {
        List<String> rows = QuarkusTransaction.requiringNew().call(() ->
                sql.query("SELECT event_id FROM inbox WHERE consumer = ?", rs -> rs.getString(1), consumer));
        return new TreeSet<>(rows);
    }
}
