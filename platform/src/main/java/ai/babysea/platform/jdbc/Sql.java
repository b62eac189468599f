package ai.babysea.platform.jdbc;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Thin JDBC access for hot paths (conditional updates, `RETURNING`, `ON CONFLICT`) that run inside
 * the caller's JTA transaction: the pooled connection is enlisted, so these statements commit or
 * roll back with the rest of the use case.
 */
@ApplicationScoped
public class Sql {
    private final AgroalDataSource dataSource;

    Sql(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Maps one result row. */
    @FunctionalInterface
    public interface RowMapper<T> {
        /** Reads the current row. */
        T map(ResultSet row) throws SQLException;
    }

    /** Runs an INSERT/UPDATE/DELETE and returns the affected row count. */
    public int update(String sql, Object... params) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, params)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new SqlException(sql, e);
        }
    }

    /**
     * Runs one INSERT/UPDATE/DELETE for each parameter row as a JDBC batch (one round trip) and returns the affected
     * row count of each, in order; no rows, no statement.
     */
    public int[] batch(String sql, java.util.List<Object[]> rows) {
        if (rows.isEmpty()) {
            return new int[0];
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (Object[] params : rows) {
                bind(connection, statement, params);
                statement.addBatch();
            }
            return statement.executeBatch();
        } catch (SQLException e) {
            throw new SqlException(sql, e);
        }
    }

    /** Runs a query (or a statement with `RETURNING`) and maps every row. */
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, params);
             ResultSet rs = statement.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(mapper.map(rs));
            }
            return rows;
        } catch (SQLException e) {
            throw new SqlException(sql, e);
        }
    }

    /** The first row, if any. */
    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = query(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** A single long from the first column of the first row, or empty. */
    public Optional<Long> queryLong(String sql, Object... params) {
        return queryOne(sql, rs -> {
            long value = rs.getLong(1);
            return rs.wasNull() ? null : value;
        }, params);
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        bind(connection, statement, params);
        return statement;
    }

    private static void bind(Connection connection, PreparedStatement statement, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object param = params[i];
            if (param instanceof Instant instant) {
                statement.setTimestamp(i + 1, Timestamp.from(instant));
            } else if (param instanceof UUID uuid) {
                statement.setObject(i + 1, uuid);
            } else if (param instanceof String[] strings) {
                Array array = connection.createArrayOf("text", strings);
                statement.setArray(i + 1, array);
            } else if (param instanceof Long[] longs) {
                statement.setArray(i + 1, connection.createArrayOf("bigint", longs));
            } else if (param instanceof Integer[] ints) {
                statement.setArray(i + 1, connection.createArrayOf("int4", ints));
            } else if (param instanceof Boolean[] booleans) {
                statement.setArray(i + 1, connection.createArrayOf("bool", booleans));
            } else {
                statement.setObject(i + 1, param);
            }
        }
    }

    /** Reads a nullable timestamp column as an Instant. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** A failed statement, carrying the SQL state so callers can recognise constraint violations. */
    public static final class SqlException extends RuntimeException {
        private final String sqlState;

        SqlException(String sql, SQLException cause) {
            super(cause.getMessage() + " [" + sql + "]", cause);
            this.sqlState = cause.getSQLState();
        }

        /** The PostgreSQL SQLSTATE, e.g. 23505 unique violation, 23514 check violation. */
        public String sqlState() {
            return sqlState;
        }

        /** Whether a unique constraint rejected the row. */
        public boolean uniqueViolation() {
            return "23505".equals(sqlState);
        }

        /** Whether a CHECK constraint rejected the row. */
        public boolean checkViolation() {
            return "23514".equals(sqlState);
        }
    }
}
