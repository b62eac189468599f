package ai.babysea.ledger.bench;

import ai.babysea.testing.DurablePostgresTestResource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.contracts.Ids;
import ai.babysea.contracts.Topics;
import ai.babysea.contracts.events.CreditGrantRequested;
import ai.babysea.contracts.events.DomainEvent;
import ai.babysea.contracts.events.EventEnvelope;
import ai.babysea.contracts.events.GenerationParameters;
import ai.babysea.contracts.events.GenerationRequested;
import ai.babysea.ledger.reconciliation.ReconciliationReport;
import ai.babysea.ledger.reconciliation.ReconciliationService;
import ai.babysea.platform.jdbc.Sql;
import ai.babysea.embedded.EmbeddedKafka;
import ai.babysea.testing.KafkaTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test of the normal suite ({@code @Tag("bench")}, run with {@code -Pbench}): reservations per second
 * end to end through Kafka — GenerationRequested published to {@code generation.requests}, GenerationAdmitted seen on
 * {@code generation.dispatch} — for one hot account and for 10,000 accounts, against a durable PostgreSQL (fsync and
 * synchronous commit on). Prints the figures and appends them to {@code target/bench-results.txt}.
 */
@QuarkusTest
@Tag("bench")
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = DurablePostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "ledger"))
class ReservationBenchmarkTest {
    private static final long COST_MICROS = 5_000;

    @Inject
    ReconciliationService reconciliation;
    @Inject
    Sql sql;
    @Inject
    MeterRegistry meters;

    @Test
    void reservationsPerSecond() throws Exception {
        int hot = Integer.getInteger("bench.hot", 40_000);
        int spread = Integer.getInteger("bench.spread", 100_000);
        int accounts = Integer.getInteger("bench.accounts", 10_000);
        try (Counter admitted = new Counter(EmbeddedKafka.shared().bootstrapServers());
             KafkaProducer<String, String> producer = producer()) {
            String hotAccount = "hot-" + Ids.uuidV7();
            send(producer, new CreditGrantRequested(hotAccount, "bench:" + hotAccount, 1_000_000L * 1_000_000L, "bench"));
            String[] spreadAccounts = new String[accounts];
            for (int i = 0; i < accounts; i++) {
                spreadAccounts[i] = "spread-" + i + "-" + Ids.uuidV7();
                send(producer, new CreditGrantRequested(spreadAccounts[i], "bench:" + spreadAccounts[i], 1_000_000_000L, "bench"));
            }
            producer.flush();
            awaitGrants(accounts + 1);

            // Warm-up on both shapes, so the JIT has compiled the broker's, the driver's and the ledger's hot paths
            // before anything is measured (after a 3,000-event warm-up the compiler threads still took ~45 % of a core
            // during the measured runs, on 2 cores).
            int warmup = Integer.getInteger("bench.warmup", 100_000);
            run("warm-up (hot account)", producer, admitted, warmup / 4, i -> hotAccount);
            run("warm-up (" + accounts + " accounts)", producer, admitted, warmup, i -> spreadAccounts[(i * 7) % accounts]);
            resetStatements();
            String hotResult = run("one hot account", producer, admitted, hot, i -> hotAccount);
            printStatements("one hot account");
            resetStatements();
            String spreadResult = run(accounts + " accounts", producer, admitted, spread, i -> spreadAccounts[i % accounts]);
            printStatements(accounts + " accounts");
            ReconciliationReport report = reconciliation.run();
            assertTrue(report.ok(), report.violations().toString());
            String summary = String.format("%s%n%s%n%s%nreconciliation ok=%s transfers=%d pending=%d%n", Instant.now(), hotResult,
                    spreadResult, report.ok(), report.transfers(), report.pendingReservations());
            System.out.println("BENCH " + summary);
            Path out = Path.of("target", "bench-results.txt");
            Files.writeString(out, summary + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    private String run(String name, KafkaProducer<String, String> producer, Counter admitted, int count,
            java.util.function.IntFunction<String> accountOf) {
        long before = admitted.count.get();
        Timer batches = meters.timer("babysea.ledger.batch.duration", "consumer", "ledger.generation-requests");
        long batchesBefore = batches.count();
        double batchSecondsBefore = batches.totalTime(TimeUnit.SECONDS);
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            send(producer, new GenerationRequested(Ids.uuidV7().toString(), accountOf.apply(i), "bfl/flux-schnell", "image",
                    new GenerationParameters("bench", "1:1", "png", 1, List.of(), null, null, null, Map.of()), List.of("bfl"), false,
                    COST_MICROS, Instant.now()));
        }
        producer.flush();
        long published = System.nanoTime();
        long deadline = System.currentTimeMillis() + 600_000;
        while (admitted.count.get() - before < count && System.currentTimeMillis() < deadline) {
            admitted.poll();
        }
        long end = System.nanoTime();
        assertEquals(count, admitted.count.get() - before, name + ": every request admitted");
        double seconds = (end - start) / 1e9;
        String line = String.format("%-22s %7d reservations in %6.2f s = %7.0f reservations/s end to end "
                        + "(publishing took %.2f s; load average %.1f -> %.1f on %d cores)", name, count, seconds, count / seconds,
                (published - start) / 1e9, loadBefore, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        long batchCount = batches.count() - batchesBefore;
        line += String.format("; %d request batches, mean %.0f events and %.1f ms per batch transaction", batchCount,
                (double) count / Math.max(1, batchCount), 1000 * (batches.totalTime(TimeUnit.SECONDS) - batchSecondsBefore)
                        / Math.max(1, batchCount));
        System.out.println("BENCH " + line);
        return line;
    }

    private void resetStatements() {
        if (DurablePostgresTestResource.STATEMENTS) {
            QuarkusTransaction.requiringNew().run(() -> sql.query("SELECT pg_stat_statements_reset()", rs -> null));
        }
    }

    /** With {@code -Dbench.statements=true}: PostgreSQL's time per statement during the last run, largest first. */
    private void printStatements(String name) {
        if (!DurablePostgresTestResource.STATEMENTS) {
            return;
        }
        List<String> rows = QuarkusTransaction.requiringNew().call(() -> sql.query("SELECT round(total_exec_time)::bigint, calls, "
                + "rows, total_exec_time / greatest(calls, 1), left(regexp_replace(query, '\\s+', ' ', 'g'), 150) "
                + "FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 15",
                rs -> String.format("%8d ms %7d calls %9d rows %8.2f ms/call  %s", rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        rs.getDouble(4), rs.getString(5))));
        System.out.println("BENCH statements (" + name + "), PostgreSQL execution time:");
        rows.forEach(row -> System.out.println("BENCH   " + row));
    }

    private void awaitGrants(long expected) {
        Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() ->
                QuarkusTransaction.requiringNew().call(() -> sql.queryLong("SELECT count(*) FROM transfers WHERE kind = 'grant'")
                        .orElse(0L)) >= expected);
    }

    private static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put("bootstrap.servers", EmbeddedKafka.shared().bootstrapServers());
        props.put("acks", "all");
        props.put("linger.ms", 5);
        props.put("batch.size", 262_144);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static void send(KafkaProducer<String, String> producer, DomainEvent event) {
        EventEnvelope envelope = EventEnvelope.wrap(event);
        ProducerRecord<String, String> record = new ProducerRecord<>(envelope.type().topic(), envelope.aggregateId(), envelope.toJson());
        record.headers().add(Topics.HEADER_EVENT_ID, envelope.eventId().getBytes(StandardCharsets.UTF_8));
        record.headers().add(Topics.HEADER_EVENT_TYPE, envelope.eventType().getBytes(StandardCharsets.UTF_8));
        producer.send(record);
    }

    /** Counts GenerationAdmitted records on the dispatch topic by their event-type header (no parsing on the hot path). */
    private static final class Counter implements AutoCloseable {
        private final KafkaConsumer<String, String> consumer;
        final AtomicLong count = new AtomicLong();

        Counter(String bootstrap) {
            Properties props = new Properties();
            props.put("bootstrap.servers", bootstrap);
            props.put("group.id", "bench-" + Ids.uuidV7());
            props.put("auto.offset.reset", "earliest");
            props.put("enable.auto.commit", "false");
            props.put("max.poll.records", 5_000);
            consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
            consumer.subscribe(List.of(Topics.GENERATION_DISPATCH));
        }

        void poll() {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                Header type = record.headers().lastHeader(Topics.HEADER_EVENT_TYPE);
                if (type != null && "generation.admitted".equals(new String(type.value(), StandardCharsets.UTF_8))) {
                    count.incrementAndGet();
                }
            }
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
