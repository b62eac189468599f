package ai.babysea.router.bench;

import static org.awaitility.Awaitility.await;

import ai.babysea.platform.jdbc.Sql;
import ai.babysea.router.job.JobEngine;
import ai.babysea.router.job.LeaseKeeper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
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
 * Benchmark (not part of the test suite; see README): how many generations one router instance holds in
 * flight with a 5 s simulated provider latency, and the heap and thread count while it does. The jobs are
 * inserted into the job table in one statement (as if the consumer had persisted them), so the measure is
 * the worker's capacity, not the dispatch consumer's ingestion rate (ThroughputBenchmark measures that path).
 * Size: `-Dbench.inflight` (default 5000).
 */
@Tag("benchmark")
@QuarkusTest
@TestProfile(InFlightBenchmark.SlowProvider.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "router_bench_inflight"))
class InFlightBenchmark {
    /** Simulator with 5 s latency; provider bounds raised so the global bound is what is measured. */
    public static class SlowProvider implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("babysea.router.simulator.latency", "5s",
                    "babysea.router.providers.bfl.max-concurrency", "20000",
                    "babysea.router.worker.max-in-flight", "20000",
                    "quarkus.log.category.\"ai.babysea\".level", "WARN");
        }
    }

    @Inject
    JobEngine engine;
    @Inject
    LeaseKeeper leases;
    @Inject
    Sql sql;

    @Test
    void concurrentInFlightGenerationsWithFiveSecondLatency() {
        int total = Integer.getInteger("bench.inflight", 5_000);
        int threadsBefore = BenchmarkSupport.threads();
        long heapBefore = BenchmarkSupport.heapUsedMib();
        long start = System.nanoTime();
        QuarkusTransaction.requiringNew().run(() -> sql.update("INSERT INTO jobs (generation_id, account_id, model_identifier, media_type, "
                + "parameters, provider_order, cost_micros, state) SELECT gen_random_uuid()::text, 'bench', 'bfl/flux-schnell', 'image', "
                + "'{\"prompt\":\"benchmark\",\"ratio\":\"1:1\",\"output_format\":\"png\",\"output_number\":1}', "
                + "ARRAY['bfl','replicate'], 5000, 'queued' FROM generate_series(1, ?)", total));
        leases.wake();
        int[] peak = {0};
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
            peak[0] = Math.max(peak[0], engine.inFlight());
            return peak[0] >= total || engine.completed() > 0 && engine.inFlight() == 0;
        });
        long heapAtPeak = BenchmarkSupport.heapUsedMib();
        int threadsAtPeak = BenchmarkSupport.threads();
        double rampSeconds = (System.nanoTime() - start) / 1e9;
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() -> engine.completed() >= total);
        double allSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%nBENCHMARK in-flight: peak %d generations in flight at once (of %d; reached after %.1f s), "
                        + "heap %d MiB at peak (%d MiB before), JVM threads %d at peak (%d before); all %d completed after %.1f s%n%n",
                peak[0], total, rampSeconds, heapAtPeak, heapBefore, threadsAtPeak, threadsBefore, total, allSeconds);
    }
}
