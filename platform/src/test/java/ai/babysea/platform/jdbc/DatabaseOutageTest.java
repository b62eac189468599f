package ai.babysea.platform.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.transaction.RollbackException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.transaction.xa.XAException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The classification every consumer and worker relies on to tell a database outage (retry until it is back) from a
 * failure of the work (bounded retries, then park or dead-letter), and the retry loop built on it.
 */
class DatabaseOutageTest {

    static Stream<Arguments> failures() {
        SQLException closed = new SQLException("This connection has been closed.", "08003");
        return Stream.of(
                Arguments.of("connection refused (server down)", new SQLException("Connection to localhost:15433 refused.", "08001"), true),
                Arguments.of("I/O error on a lost connection", new SQLException("An I/O error occurred while sending to the backend.", "08006"), true),
                Arguments.of("connection closed", closed, true),
                Arguments.of("server shutting down", new SQLException("terminating connection due to administrator command", "57P01"), true),
                Arguments.of("server crashed", new SQLException("terminating connection because of crash of another server process", "57P02"), true),
                Arguments.of("server starting", new SQLException("the database system is starting up", "57P03"), true),
                Arguments.of("pool acquisition timed out", new SQLException("Acquisition timeout while waiting for new connection",
                        new TimeoutException()), true),
                Arguments.of("pool handler timed out", new SQLException("Sorry, acquisition timeout!"), true),
                Arguments.of("driver's connection exception type", new SQLTransientConnectionException("gone"), true),
                Arguments.of("wrapped by our Sql helper", new Sql.SqlException("UPDATE x", closed), true),
                Arguments.of("a rollback caused by a closed connection (Narayana)",
                        wrapped(new RuntimeException("ARJUNA016053"), rollbackCausedBy(closed)), true),
                Arguments.of("a rollback whose resource failed to commit (XA_RBCOMMFAIL)",
                        rollbackCausedBy(xa(XAException.XA_RBCOMMFAIL, null)), true),
                Arguments.of("the cause only among suppressed exceptions", suppressing(new IllegalStateException("tx"), closed), true),
                Arguments.of("unique violation", new SQLException("duplicate key value violates unique constraint", "23505"), false),
                Arguments.of("check violation", new SQLException("new row violates check constraint", "23514"), false),
                Arguments.of("serialization failure", new SQLException("could not serialize access", "40001"), false),
                Arguments.of("deadlock", new SQLException("deadlock detected", "40P01"), false),
                Arguments.of("query canceled (statement timeout)", new SQLException("canceling statement due to statement timeout", "57014"), false),
                Arguments.of("an SQLException without state that is not the pool's", new SQLException("bad parameter"), false),
                Arguments.of("a rollback for another reason", rollbackCausedBy(xa(XAException.XA_RBROLLBACK, null)), false),
                Arguments.of("a bad record", new IllegalArgumentException("unknown field"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void tellsAnOutageOfTheDatabaseFromAFailureOfTheWork(String name, Throwable failure, boolean outage) {
        assertEquals(outage, DatabaseOutage.explains(failure), name);
    }

    @Test
    void aCyclicCauseChainEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertEquals(false, DatabaseOutage.explains(a));
        assertEquals(false, DatabaseOutage.explains(null));
    }

    @Test
    void retriesThroughAnOutageWithoutABound() {
        AtomicInteger calls = new AtomicInteger();
        // more outage failures than any attempt bound of the callers (Redelivery gives a record 5 attempts)
        String result = DatabaseOutage.retryThrough("test", () -> {
            if (calls.incrementAndGet() <= 6) {
                throw new Sql.SqlException("SELECT 1", new SQLException("Connection refused", "08001"));
            }
            return "done";
        }, () -> false);
        assertEquals("done", result);
        assertEquals(7, calls.get());
    }

    @Test
    void throwsAFailureOfTheWorkAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        IllegalStateException bad = new IllegalStateException("bad record");
        assertSame(bad, assertThrows(IllegalStateException.class, () -> DatabaseOutage.retryThrough("test", () -> {
            calls.incrementAndGet();
            throw bad;
        }, () -> false)));
        assertEquals(1, calls.get());
    }

    @Test
    void givesUpOnAnOutageOnceTheApplicationStops() {
        AtomicInteger calls = new AtomicInteger();
        AtomicBoolean stopping = new AtomicBoolean();
        RuntimeException down = new RuntimeException(new SQLException("Connection refused", "08001"));
        assertSame(down, assertThrows(RuntimeException.class, () -> DatabaseOutage.retryThrough("test", () -> {
            if (calls.incrementAndGet() == 2) {
                stopping.set(true);
            }
            throw down;
        }, stopping::get)));
        assertEquals(2, calls.get(), "no further try once stopping: the work is left for the next instance");
    }

    private static RollbackException rollbackCausedBy(Throwable cause) {
        RollbackException rollback = new RollbackException("ARJUNA016053: Could not commit transaction.");
        rollback.initCause(cause instanceof XAException ? cause : xa(XAException.XA_RBROLLBACK, cause));
        return rollback;
    }

    private static XAException xa(int code, Throwable cause) {
        XAException xa = new XAException(code);
        if (cause != null) {
            xa.initCause(cause);
        }
        return xa;
    }

    private static RuntimeException wrapped(RuntimeException outer, Throwable cause) {
        outer.initCause(cause);
        return outer;
    }

    private static RuntimeException suppressing(RuntimeException outer, Throwable suppressed) {
        outer.addSuppressed(suppressed);
        return outer;
    }
}
