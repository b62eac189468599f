package ai.babysea.platform.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Deletes the rows of a {@link PurgeTarget} past its retention, batch by batch, each batch its own short transaction,
 * and at most a bounded number of batches per run. A batch locks only the rows it deletes, skips rows another
 * transaction holds ({@code SKIP LOCKED}: purging replicas share the work instead of queueing) and waits at most
 * {@link #LOCK_TIMEOUT} for a table lock. The age is measured by the database's clock, the one that wrote the rows.
 */
public final class BatchedPurge {
    /** Longest a batch waits for a lock (a migration holding the table, say) before the run fails and is retried. */
    static final String LOCK_TIMEOUT = "5s";

    private BatchedPurge() {
    }

    /**
     * The outcome of one run.
     *
     * @param deleted rows deleted
     * @param batches batches executed
     * @param bounded whether the run stopped at its batch bound after a full batch, so rows past the retention may remain
     */
    public record Result(long deleted, int batches, boolean bounded) {
    }

    /** Deletes up to {@code batchSize} × {@code maxBatches} rows past the retention; stops early at a partial batch. */
    public static Result run(DataSource dataSource, PurgeTarget target, int batchSize, int maxBatches) throws SQLException {
        if (batchSize < 1 || maxBatches < 1) {
            throw new IllegalArgumentException("batch size and batches per run must be at least 1");
        }
        // ctid = ANY(ARRAY(...)) deletes by tuple id (no second index lookup); the sub-select walks the timestamp index.
        String delete = "DELETE FROM " + target.table() + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM " + target.table()
                + " WHERE " + target.timestampColumn() + " < now() - make_interval(secs => ?) LIMIT ? FOR UPDATE SKIP LOCKED))";
        double retentionSeconds = target.retention().toMillis() / 1000.0;
        long deleted = 0;
        int batches = 0;
        int last = 0;
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                while (batches < maxBatches) {
                    last = deleteBatch(connection, delete, retentionSeconds, batchSize);
                    batches++;
                    deleted += last;
                    if (last < batchSize) {
                        break;
                    }
                }
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
        return new Result(deleted, batches, batches == maxBatches && last == batchSize);
    }

    /** Seconds since the oldest row's timestamp by the database's clock; 0 for an empty table. */
    public static long oldestAgeSeconds(DataSource dataSource, PurgeTarget target) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT coalesce(extract(epoch FROM now() - min(" + target.timestampColumn()
                     + ")), 0) FROM " + target.table())) {
            rs.next();
            return Math.max(0, (long) Math.floor(rs.getDouble(1)));
        }
    }

    private static int deleteBatch(Connection connection, String delete, double retentionSeconds, int batchSize) throws SQLException {
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
            }
            int deleted;
            try (PreparedStatement statement = connection.prepareStatement(delete)) {
                statement.setDouble(1, retentionSeconds);
                statement.setInt(2, batchSize);
                deleted = statement.executeUpdate();
            }
            connection.commit();
            return deleted;
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
    }
}
