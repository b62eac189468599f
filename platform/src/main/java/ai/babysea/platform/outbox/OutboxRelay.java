package ai.babysea.platform.outbox;

import ai.babysea.contracts.Topics;
import ai.babysea.platform.tracing.TraceContext;
import ai.babysea.platform.tx.AfterCommit;
import ai.babysea.platform.worker.WorkerLoop;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Publishes outbox rows to Kafka in id order and deletes them once acknowledged. One relay
 * holds a PostgreSQL advisory lock per batch, so with several replicas only one publishes at a
 * time and per-key order is kept; rows are claimed with `FOR UPDATE SKIP LOCKED`. Delivery is
 * at-least-once: a crash after the send and before the delete republishes the batch, which the
 * consumers' inboxes absorb.
 */
@ApplicationScoped
public class OutboxRelay {
    /** No successful batch for this long makes the relay unready (broker or database unreachable). */
    private static final Duration MAX_SILENCE = Duration.ofMinutes(1);
    /** Advisory lock key that serialises relays of one database ("outbox" in ASCII). */
    private static final long RELAY_LOCK_KEY = 0x6f7574626f78L;

    private final AgroalDataSource dataSource;
    private final OutboxConfig config;
    private final AfterCommit afterCommit;
    private final String bootstrapServers;
    private final String serviceName;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong oldestPendingAgeMs = new AtomicLong();
    private volatile WorkerLoop loop;
    private KafkaProducer<String, String> producer;

    OutboxRelay(AgroalDataSource dataSource, OutboxConfig config, AfterCommit afterCommit,
            MeterRegistry meters,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "quarkus.application.name", defaultValue = "babysea") String serviceName) {
        this.dataSource = dataSource;
        this.config = config;
        this.afterCommit = afterCommit;
        this.bootstrapServers = bootstrapServers;
        this.serviceName = serviceName;
        meters.gauge("babysea.outbox.published", published);
        meters.gauge("babysea.outbox.oldest.pending.age.ms", oldestPendingAgeMs);
    }

    void start(@Observes StartupEvent event) {
        if (!config.relayEnabled()) {
            return;
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put("max.in.flight.requests.per.connection", 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(config.sendTimeoutMs(), 1000));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(config.sendTimeoutMs() - 500, 500));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, serviceName + "-outbox-relay");
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        loop = WorkerLoop.named("outbox-relay")
                .idleWait(Duration.ofMillis(config.idlePollMs()))
                .minGap(Duration.ofMillis(config.minGapMs()))
                .failureBackoff(Duration.ofMillis(config.failureBackoffMs()), Duration.ofMillis(config.failureBackoffMaxMs()))
                .build(() -> publishBatch() >= config.batchSize());
        loop.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.stop();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Registers a wake-up for when the current transaction commits (so events leave without waiting for the poll). */
    void wakeUpAfterCommit() {
        afterCommit.run(this::wake);
    }

    /** Wakes the relay now (for rows written by an autocommitted statement, so already committed). */
    void wake() {
        WorkerLoop current = loop;
        if (current != null) {
            current.wake();
        }
    }

    /** Whether the relay made progress within the last minute, or does not run here (used by the readiness check). */
    public boolean healthy() {
        WorkerLoop current = loop;
        return !config.relayEnabled() || current == null || current.healthy(MAX_SILENCE);
    }

    /** Total events this instance published since start. */
    public long publishedCount() {
        return published.get();
    }

    private int publishBatch() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                int sent = publishBatch(connection);
                connection.commit();
                return sent;
            } catch (Exception e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private int publishBatch(Connection connection) throws Exception {
        try (PreparedStatement advisory = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            advisory.setLong(1, RELAY_LOCK_KEY);
            try (ResultSet rs = advisory.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return 0;
                }
            }
        }
        List<Long> ids = new ArrayList<>();
        List<Future<?>> acks = new ArrayList<>();
        Timestamp oldest = null;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, event_id, topic, message_key, event_type, envelope, created_at, traceparent FROM outbox ORDER BY id LIMIT ? "
                        + "FOR UPDATE SKIP LOCKED")) {
            select.setInt(1, config.batchSize());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    if (oldest == null) {
                        oldest = rs.getTimestamp(7);
                    }
                    ProducerRecord<String, String> record = new ProducerRecord<>(rs.getString(3), rs.getString(4), rs.getString(6));
                    record.headers().add(Topics.HEADER_EVENT_ID, rs.getString(2).getBytes(StandardCharsets.UTF_8));
                    record.headers().add(Topics.HEADER_EVENT_TYPE, rs.getString(5).getBytes(StandardCharsets.UTF_8));
                    String traceparent = rs.getString(8);
                    if (traceparent != null) {
                        record.headers().add(TraceContext.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
                    }
                    acks.add(producer.send(record));
                }
            }
        }
        oldestPendingAgeMs.set(oldest == null ? 0 : Math.max(0, System.currentTimeMillis() - oldest.getTime()));
        if (ids.isEmpty()) {
            return 0;
        }
        producer.flush();
        long deadline = System.currentTimeMillis() + config.sendTimeoutMs();
        for (Future<?> ack : acks) {
            ack.get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox WHERE id = ANY (?)")) {
            delete.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            delete.executeUpdate();
        }
        published.addAndGet(ids.size());
        return ids.size();
    }

    /** Pending rows, for tests and health. */
    public long pendingCount() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM outbox");
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
