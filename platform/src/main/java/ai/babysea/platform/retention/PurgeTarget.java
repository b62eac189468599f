package ai.babysea.platform.retention;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A table whose rows the {@link RetentionPurger} deletes once their timestamp column is older than the retention.
 * The platform purges the inbox by itself; a service adds its own tables by producing a bean of this type. The
 * timestamp column needs an index, or every batch scans the table.
 *
 * @param table the table, a plain lower-case SQL identifier
 * @param timestampColumn the column that says when the row stopped being needed for anything but deduplication
 * @param retention how long a row is kept after that time
 */
public record PurgeTarget(String table, String timestampColumn, Duration retention) {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** Checks the names (they are put into SQL text) and that the retention is positive. */
    public PurgeTarget {
        if (!IDENTIFIER.matcher(Objects.requireNonNull(table, "table")).matches()) {
            throw new IllegalArgumentException("not a plain SQL identifier: " + table);
        }
        if (!IDENTIFIER.matcher(Objects.requireNonNull(timestampColumn, "timestampColumn")).matches()) {
            throw new IllegalArgumentException("not a plain SQL identifier: " + timestampColumn);
        }
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention of " + table + " must be positive, was " + retention);
        }
    }
}
