package ai.babysea.webhook;

import static ai.babysea.webhook.WebhookDeliveryTest.account;
import static ai.babysea.webhook.WebhookDeliveryTest.createEndpoint;
import static org.awaitility.Awaitility.await;

import ai.babysea.contracts.Ids;
import ai.babysea.contracts.events.GenerationStarted;
import ai.babysea.embedded.EmbeddedKafka;
import ai.babysea.testing.KafkaEvents;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, excluded from the normal suite (run: see README). Same wiring as the other tests. Reports
 * (1) deliveries/s to a fast local receiver and (2) delivery latency (creation of the delivery row, i.e.
 * `webhook_timestamp`, to arrival at the receiver) to 100 healthy endpoints, first alone, then while 10 other
 * endpoints of the same account hang for the full timeout on every attempt.
 */
@QuarkusTest
@TestProfile(WebhookBenchmark.Profile.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "webhook"))
class WebhookBenchmark {
    /** 110 endpoints on one account exceed the default per-account limit of 20. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("babysea.webhook.max-endpoints-per-account", "200");
        }
    }

    private static final int ENDPOINTS = 100;
    private static final int HANGING = 10;
    private static final int THROUGHPUT_EVENTS = Integer.getInteger("bench.throughput.events", 50);
    private static final int LATENCY_EVENTS_PER_SECOND = Integer.getInteger("bench.latency.rate", 2);
    private static final int LATENCY_SECONDS = Integer.getInteger("bench.latency.seconds", 20);

    @Test
    void benchmark() throws Exception {
        List<String> report = new ArrayList<>();
        try (KafkaEvents events = new KafkaEvents(EmbeddedKafka.shared().bootstrapServers());
             Receiver fast = new Receiver();
             Receiver hanging = new Receiver()) {
            // Warm-up at the latency load (discarded): JIT and connection pools, so no phase measures cold code.
            latency(events, fast, account(), null, 0, Math.min(5, LATENCY_SECONDS));
            // 1. Throughput: every event fans out to 100 endpoints.
            String throughputAccount = account();
            AtomicLong received = new AtomicLong();
            AtomicLong lastCreatedMs = new AtomicLong();
            fast.onReceive(r -> {
                received.incrementAndGet();
                lastCreatedMs.accumulateAndGet(Instant.parse(r.header("X-BabySea-Timestamp")).toEpochMilli(), Math::max);
            });
            for (int i = 0; i < ENDPOINTS; i++) {
                createEndpoint(throughputAccount, fast.url("/t/" + i), null);
            }
            long total = (long) THROUGHPUT_EVENTS * ENDPOINTS;
            long startMs = System.currentTimeMillis();
            long start = System.nanoTime();
            for (int i = 0; i < THROUGHPUT_EVENTS; i++) {
                events.publish(started(throughputAccount));
            }
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50)).until(() -> received.get() >= total);
            double seconds = (System.nanoTime() - start) / 1e9;
            report.add(String.format("throughput: %d deliveries (%d events x %d endpoints) in %.2f s = %.0f deliveries/s "
                    + "(the last delivery row was created %.2f s after the first publish)",
                    total, THROUGHPUT_EVENTS, ENDPOINTS, seconds, total / seconds, (lastCreatedMs.get() - startMs) / 1000.0));

            // 2. Latency to 100 healthy endpoints, alone.
            Histogram baseline = latency(events, fast, account(), null, 0, LATENCY_SECONDS);
            report.add(describe("baseline   (100 healthy)          ", baseline));
            // 3. The same load while 10 endpoints of the same account hang on every attempt.
            hanging.hang("/h");
            for (int i = 0; i < HANGING; i++) {
                hanging.hang("/h/" + i);
            }
            Histogram withHanging = latency(events, fast, account(), hanging, HANGING, LATENCY_SECONDS);
            report.add(describe("with hangs (100 healthy + 10 hung)", withHanging));
            double ratio = (double) withHanging.getValueAtPercentile(99) / Math.max(1, baseline.getValueAtPercentile(99));
            report.add(String.format("healthy p99 ratio with/without hanging endpoints: %.2f (target <= 2.00: %s)", ratio,
                    ratio <= 2.0 ? "met" : "NOT met"));
            report.add(String.format("load: %d events/s x %d s, each to every endpoint of the account; cores: %d",
                    LATENCY_EVENTS_PER_SECOND, LATENCY_SECONDS, Runtime.getRuntime().availableProcessors()));
        }
        report.forEach(line -> System.out.println("[webhook-benchmark] " + line));
        Files.write(Path.of("target", "webhook-benchmark.txt"), report, StandardCharsets.UTF_8);
    }

    private Histogram latency(KafkaEvents events, Receiver fast, String account, Receiver hanging, int hangingCount, int seconds)
            throws Exception {
        String prefix = "/l-" + account + "/";
        Set<String> healthyPaths = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < ENDPOINTS; i++) {
            healthyPaths.add(prefix + i);
            createEndpoint(account, fast.url(prefix + i), null);
        }
        for (int i = 0; i < hangingCount; i++) {
            createEndpoint(account, hanging.url("/h/" + i), null);
        }
        Histogram histogram = new ConcurrentHistogram(3);
        AtomicLong received = new AtomicLong();
        fast.onReceive(r -> {
            if (healthyPaths.contains(r.path())) {
                long createdMs = Instant.parse(r.header("X-BabySea-Timestamp")).toEpochMilli();
                histogram.recordValue(Math.max(0, System.currentTimeMillis() - createdMs));
                received.incrementAndGet();
            }
        });
        int totalEvents = LATENCY_EVENTS_PER_SECOND * seconds;
        long intervalNanos = 1_000_000_000L / LATENCY_EVENTS_PER_SECOND;
        long start = System.nanoTime();
        for (int i = 0; i < totalEvents; i++) {
            long due = start + i * intervalNanos;
            // Paced publishing; Awaitility is for waiting on outcomes, this is the load generator's clock.
            long wait = due - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            events.publish(started(account));
        }
        long expected = (long) totalEvents * ENDPOINTS;
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50)).until(() -> received.get() >= expected);
        return histogram;
    }

    private static GenerationStarted started(String account) {
        return new GenerationStarted(Ids.uuidV7().toString(), account, "bfl/flux-schnell", "bfl", "p", 1, Instant.now());
    }

    private static String describe(String label, Histogram h) {
        return String.format("%s deliveries=%d latency ms p50=%d p90=%d p99=%d max=%d", label, h.getTotalCount(),
                h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getMaxValue());
    }
}
