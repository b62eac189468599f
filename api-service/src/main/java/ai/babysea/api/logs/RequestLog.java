package ai.babysea.api.logs;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The per-request log (no bodies, IPs only as SHA-256): entries are queued in memory and written
 * in batches off the request path, so logging never adds a database round trip to a request. The
 * queue is bounded; when it is full, entries are dropped and counted rather than slowing the API.
 */
@ApplicationScoped
public class RequestLog {
    private static final Logger LOG = Logger.getLogger(RequestLog.class);
    /** Most entries waiting to be written. */
    static final int QUEUE_CAPACITY = 20_000;
    /** Most entries per INSERT batch. */
    static final int BATCH = 1_000;

    /** One logged request. */
    public record Entry(String requestId, UUID accountId, UUID keyId, String keyPrefix, String keyName, String method, String endpoint,
            String query, int status, String errorCode, boolean replayed, String ipHash, String userAgent, double durationMs,
            Instant createdAt) {
    }

    private final RequestLogRepository requests;
    private final BlockingQueue<Entry> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong dropped = new AtomicLong();

    RequestLog(RequestLogRepository requests) {
        this.requests = requests;
    }

    /** Queues an entry (never blocks). */
    public void record(Entry entry) {
        if (!queue.offer(entry)) {
            dropped.incrementAndGet();
        }
    }

    /** SHA-256 of an IP address, hex. */
    public static String hashIp(String ip) {
        if (ip == null) {
            return null;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ip.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes everything queued so far (also called by tests and at shutdown). Every second: Quarkus' scheduler does not
     * run `every` below one second (a 250 ms default only produced a start-up warning and ran each second anyway).
     */
    @Scheduled(every = "${babysea.api.request-log-flush-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public synchronized void flush() {
        List<Entry> batch = new ArrayList<>();
        while (queue.drainTo(batch, BATCH) > 0) {
            try {
                requests.insertAll(batch);
            } catch (SQLException | RuntimeException e) {
                LOG.warnf("request log batch of %d dropped: %s", batch.size(), e.toString());
            }
            batch.clear();
        }
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
            LOG.warnf("request log queue full: %d entries dropped", lost);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        flush();
    }
}
