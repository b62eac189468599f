package ai.babysea.router.bench;

import static org.awaitility.Awaitility.await;

import ai.babysea.platform.jdbc.Sql;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.DurablePostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Benchmark (not part of the test suite; see README): how many generations per second one router instance
 * completes end to end (dispatch consumed → job persisted → claimed → simulated provider at zero latency →
 * output stored → succeeded event in the outbox) against the in-JVM broker and a durable embedded PostgreSQL (fsync,
 * synchronous_commit and full_page_writes on; outputs in the database store).
 * Size: `-Dbench.count` (default 5000).
 */
@Tag("benchmark")
@QuarkusTest
@TestProfile(ThroughputBenchmark.ZeroLatency.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = DurablePostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "router_bench_throughput"))
class ThroughputBenchmark {
    /** Simulator without latency. */
    public static class ZeroLatency implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("babysea.router.simulator.latency", "0ms", "quarkus.log.category.\"ai.babysea\".level", "WARN");
        }
    }

    @Inject
    Sql sql;

    private long count(String state) {
        return QuarkusTransaction.requiringNew().call(() -> sql.queryLong("SELECT count(*) FROM jobs WHERE state = ?", state).orElse(0L));
    }

    @Test
    void generationsPerSecondWithZeroLatencySimulator() {
        int total = Integer.getInteger("bench.count", 5_000);
        BenchmarkSupport.publishAdmissions(200, "warmup");
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> count("succeeded") >= 200);

        long start = System.nanoTime();
        BenchmarkSupport.publishAdmissions(total, "run");
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100)).until(() -> count("succeeded") >= 200 + total);
        double seconds = (System.nanoTime() - start) / 1e9;
        long outboxLeft = QuarkusTransaction.requiringNew().call(() -> sql.queryLong("SELECT count(*) FROM outbox").orElse(0L));
        System.out.printf("%nBENCHMARK throughput: %d generations succeeded in %.2f s = %.0f generations/s "
                        + "(zero-latency simulator; outbox rows still unpublished at that moment: %d; heap %d MiB; threads %d)%n%n",
                total, seconds, total / seconds, outboxLeft, BenchmarkSupport.heapUsedMib(), BenchmarkSupport.threads());
    }
}
