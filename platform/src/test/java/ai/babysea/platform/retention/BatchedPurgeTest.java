package ai.babysea.platform.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Plain JUnit on the embedded PostgreSQL: the platform's own inbox DDL (its Flyway migration) and a second table shaped
 * like webhook-service's terminal-event dedupe. Rows are backdated with SQL intervals; the purge measures age with the
 * database's clock, so what goes and what stays does not depend on how fast the test runs.
 */
class BatchedPurgeTest {
    private static final PurgeTarget INBOX = new PurgeTarget("inbox", "processed_at", Duration.ofDays(8));
    private static final PurgeTarget TERMINALS = new PurgeTarget("purge_test_terminals", "recorded_at", Duration.ofDays(14));

    private PGSimpleDataSource dataSource;

    @BeforeEach
    void freshTables() throws SQLException, IOException {
        String url = EmbeddedPostgresServer.shared().createDatabase("platform_purge");
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser("platform_purge");
        dataSource.setPassword("platform_purge");
        String migration;
        try (InputStream in = getClass().getResourceAsStream("/db/platform/V1_1__outbox_inbox.sql")) {
            migration = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        execute("DROP TABLE IF EXISTS outbox, inbox, purge_test_terminals");
        execute(migration);
        execute("CREATE TABLE purge_test_terminals (generation_id TEXT PRIMARY KEY, event_type TEXT NOT NULL, "
                + "recorded_at TIMESTAMPTZ NOT NULL DEFAULT now())");
        execute("CREATE INDEX purge_test_terminals_recorded_at ON purge_test_terminals (recorded_at)");
    }

    @Test
    void deletesOnlyRowsPastTheRetentionAndNoMoreThanTheRunBound() throws SQLException {
        execute("INSERT INTO inbox (consumer, event_id, processed_at) SELECT 'ledger.requests', 'old-' || g, "
                + "now() - interval '30 days' + g * interval '1 minute' FROM generate_series(1, 9) g");
        inbox("ledger.requests", "past-retention-by-an-hour", "8 days 1 hour");
        inbox("ledger.requests", "inside-retention-by-an-hour", "7 days 23 hours");
        inbox("ledger.requests", "at-topic-retention", "7 days");
        inbox("api.generation-events", "fresh", "0 seconds");

        BatchedPurge.Result first = BatchedPurge.run(dataSource, INBOX, 3, 2);
        assertEquals(new BatchedPurge.Result(6, 2, true), first, "two full batches of three, then the run stops at its bound");
        assertEquals(4, count("inbox WHERE processed_at < now() - interval '8 days'"), "the rest waits for the next run");

        BatchedPurge.Result second = BatchedPurge.run(dataSource, INBOX, 3, 2);
        assertEquals(new BatchedPurge.Result(4, 2, false), second, "a full batch, then a partial one that ends the run");
        assertEquals(Set.of("at-topic-retention", "fresh", "inside-retention-by-an-hour"), inboxIds());

        assertEquals(new BatchedPurge.Result(0, 1, false), BatchedPurge.run(dataSource, INBOX, 3, 2), "nothing left to purge");
        long oldest = BatchedPurge.oldestAgeSeconds(dataSource, INBOX);
        assertTrue(oldest >= Duration.ofDays(7).plusHours(23).toSeconds() && oldest < Duration.ofDays(8).toSeconds(),
                "the oldest row left is the one an hour inside the retention: " + oldest + " s");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // a purge that waited for the held row would never return
    void skipsRowsAnotherTransactionHoldsInsteadOfWaitingForThem() throws SQLException {
        terminal("g-held", "60 days");
        terminal("g-old", "15 days");
        terminal("g-recent", "13 days");
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (Statement statement = other.createStatement()) {
                statement.executeQuery("SELECT 1 FROM purge_test_terminals WHERE generation_id = 'g-held' FOR UPDATE").close();
            }
            assertEquals(new BatchedPurge.Result(1, 1, false), BatchedPurge.run(dataSource, TERMINALS, 100, 10));
            assertEquals(Set.of("g-held", "g-recent"), terminalIds());
            other.commit();
        }
        assertEquals(1, BatchedPurge.run(dataSource, TERMINALS, 100, 10).deleted(), "released, it goes with the next run");
        assertEquals(Set.of("g-recent"), terminalIds());
    }

    @Test
    void anEmptyTableHasNoOldestRow() throws SQLException {
        assertEquals(0, BatchedPurge.oldestAgeSeconds(dataSource, TERMINALS));
        assertEquals(new BatchedPurge.Result(0, 1, false), BatchedPurge.run(dataSource, TERMINALS, 10, 10));
    }

    @Test
    void targetsAndBoundsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new PurgeTarget("inbox; DROP TABLE inbox", "processed_at", Duration.ofDays(1)));
        assertThrows(IllegalArgumentException.class, () -> new PurgeTarget("inbox", "processed_at)", Duration.ofDays(1)));
        assertThrows(IllegalArgumentException.class, () -> new PurgeTarget("inbox", "processed_at", Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> BatchedPurge.run(dataSource, INBOX, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> BatchedPurge.run(dataSource, INBOX, 1, 0));
    }

    private void inbox(String consumer, String eventId, String age) throws SQLException {
        update("INSERT INTO inbox (consumer, event_id, processed_at) VALUES (?, ?, now() - ?::interval)", consumer, eventId, age);
    }

    private void terminal(String generationId, String age) throws SQLException {
        update("INSERT INTO purge_test_terminals (generation_id, event_type, recorded_at) VALUES (?, 'generation.completed', "
                + "now() - ?::interval)", generationId, age);
    }

    private Set<String> inboxIds() throws SQLException {
        return strings("SELECT event_id FROM inbox");
    }

    private Set<String> terminalIds() throws SQLException {
        return strings("SELECT generation_id FROM purge_test_terminals");
    }

    private long count(String from) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + from)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Set<String> strings(String query) throws SQLException {
        Set<String> values = new TreeSet<>();
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(query)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private void update(String sql, String... params) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setString(i + 1, params[i]);
            }
            statement.executeUpdate();
        }
    }
}
