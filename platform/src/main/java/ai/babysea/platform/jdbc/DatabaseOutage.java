package ai.babysea.platform.jdbc;

import ai.babysea.platform.kafka.Stopping;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.transaction.xa.XAException;
import org.jboss.logging.Logger;

/**
 * Tells a failure of the database itself from a failure of the work: a connection refused, lost or closed (SQLSTATE
 * class 08), the server shutting down, crashed or still starting (57P01, 57P02, 57P03), the pool timing out while it
 * waits for a connection (Agroal), or a transaction rolled back because of one of these (Narayana reports the
 * resource's failure as the cause of its rollback). Such a failure says nothing about the event or row being
 * processed: the work is retried until the database is back ({@link #retryThrough}), while only a failure of the work
 * itself counts towards an attempt bound, a parking place or a dead-letter topic.
 */
public final class DatabaseOutage {
    private static final Logger LOG = Logger.getLogger(DatabaseOutage.class);
    /** admin_shutdown, crash_shutdown, cannot_connect_now: the server is stopping, crashed, or starting/recovering. */
    private static final Set<String> SERVER_NOT_SERVING = Set.of("57P01", "57P02", "57P03");
    /** First pause between tries during an outage. */
    static final long FIRST_BACKOFF_MS = 100;
    /** Longest pause between tries during an outage: a restarted database is used within this long of its return. */
    static final long MAX_BACKOFF_MS = 5_000;
    /** How long a stop request may wait for a pause to end. */
    private static final long STOP_CHECK_MS = 100;
    /** Bound on the causes and suppressed exceptions inspected (a cyclic or huge chain must not loop). */
    private static final int MAX_INSPECTED = 64;
    /** Tries of {@link #retryThrough} that failed because of an outage, since the start of this process. */
    private static final AtomicLong FAILED_TRIES = new AtomicLong();

    private DatabaseOutage() {
    }

    /** Whether the failure, anywhere in its causes or suppressed exceptions, is the database being unavailable. */
    public static boolean explains(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> pending = new ArrayDeque<>();
        if (failure != null) {
            pending.add(failure);
        }
        while (!pending.isEmpty() && seen.size() < MAX_INSPECTED) {
            Throwable current = pending.poll();
            if (!seen.add(current)) {
                continue;
            }
            if (isUnavailable(current)) {
                return true;
            }
            if (current.getCause() != null) {
                pending.add(current.getCause());
            }
            if (current instanceof SQLException sql && sql.getNextException() != null) {
                pending.add(sql.getNextException());
            }
            Collections.addAll(pending, current.getSuppressed());
        }
        return false;
    }

    private static boolean isUnavailable(Throwable failure) {
        if (failure instanceof SQLTransientConnectionException || failure instanceof SQLNonTransientConnectionException) {
            return true;
        }
        if (failure instanceof XAException xa) {
            // the resource manager is gone, or the commit's connection failed
            return xa.errorCode == XAException.XAER_RMFAIL || xa.errorCode == XAException.XA_RBCOMMFAIL;
        }
        if (!(failure instanceof SQLException sql)) {
            return false;
        }
        String state = sql.getSQLState();
        if (state != null) {
            return state.startsWith("08") || SERVER_NOT_SERVING.contains(state);
        }
        // Agroal's own failures carry no SQLSTATE: a timed-out acquisition while the server does not accept connections.
        String message = sql.getMessage();
        return message != null && (message.startsWith("Acquisition timeout") || message.startsWith("Sorry, acquisition timeout"));
    }

    /** Tries of work that failed because the database was unavailable and were retried, since this process started. */
    public static long failedTries() {
        return FAILED_TRIES.get();
    }

    /** As {@link #retryThrough(String, Supplier)} for work without a result. */
    public static void retryThrough(String what, Runnable work) {
        retryThrough(what, () -> {
            work.run();
            return null;
        });
    }

    /**
     * Runs the work; while it fails because the database is unavailable and the application is not stopping, waits
     * (from 100 ms, doubling, at most 5 s) and runs it again, without a bound: the outage is not the work's fault, and
     * giving up would drop it. Any other failure is thrown at once, as is the last one when the application starts
     * stopping (the caller then leaves the work to the next instance) or the thread is interrupted.
     */
    public static <T> T retryThrough(String what, Supplier<T> work) {
        return retryThrough(what, work, Stopping::now);
    }

    static <T> T retryThrough(String what, Supplier<T> work, BooleanSupplier stopping) {
        long backoffMs = FIRST_BACKOFF_MS;
        long outageStartedNanos = 0;
        for (int tries = 1; ; tries++) {
            try {
                T result = work.get();
                if (tries > 1) {
                    LOG.infof("%s succeeded after %d tries over %d ms of database outage", what, tries,
                            (System.nanoTime() - outageStartedNanos) / 1_000_000);
                }
                return result;
            } catch (RuntimeException e) {
                if (!explains(e) || stopping.getAsBoolean()) {
                    throw e;
                }
                FAILED_TRIES.incrementAndGet();
                if (tries == 1) {
                    outageStartedNanos = System.nanoTime();
                    LOG.warnf("%s failed because the database is unavailable; retrying until it is back: %s", what, e.toString());
                } else if (tries % 10 == 0) {
                    LOG.warnf("%s still waiting for the database (%d tries, %d ms): %s", what, tries,
                            (System.nanoTime() - outageStartedNanos) / 1_000_000, e.toString());
                }
                if (!pause(backoffMs, stopping)) {
                    throw e;
                }
                backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
            }
        }
    }

    /** Sleeps, cut short when the application starts stopping; false when it did (or the thread was interrupted). */
    private static boolean pause(long ms, BooleanSupplier stopping) {
        long deadline = System.nanoTime() + ms * 1_000_000;
        try {
            for (long left = ms; left > 0; left = (deadline - System.nanoTime()) / 1_000_000) {
                if (stopping.getAsBoolean()) {
                    return false;
                }
                Thread.sleep(Math.min(left, STOP_CHECK_MS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !stopping.getAsBoolean();
    }
}
