package ai.babysea.platform.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.babysea.contracts.events.CreditsVoided;
import ai.babysea.contracts.events.GenerationAttemptFailed;
import ai.babysea.contracts.events.GenerationFailed;
import ai.babysea.contracts.events.GenerationSucceeded;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Committed facts become the business metrics the dashboard and alerts read. */
class EventMetricsTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final EventMetrics metrics = new EventMetrics(meters);

    @Test
    void countsGenerationsByModelProviderAndStatus() {
        metrics.committed(new GenerationSucceeded("g1", "a", "bfl/flux-schnell", "replicate", "p", List.of(), 1.0, Instant.now(),
                Instant.now()));
        metrics.committed(new GenerationFailed("g2", "a", "bfl/flux-schnell", "BSE1004", "short", List.of(), "ledger", Instant.now()));
        assertEquals(1.0, meters.counter("babysea.generations", "model", "bfl/flux-schnell", "provider", "replicate",
                "status", "succeeded").count());
        assertEquals(1.0, meters.counter("babysea.generations", "model", "bfl/flux-schnell", "provider", "none",
                "status", "failed").count());
        assertEquals(1.0, meters.counter("babysea.ledger.operations", "operation", "reserve", "result", "rejected").count());
    }

    @Test
    void countsFailoversAndExpiries() {
        metrics.committed(new GenerationAttemptFailed("g1", "a", "m", "bfl", "p", 1, "BSE4004", "429", true, 10, Instant.now()));
        metrics.committed(new GenerationAttemptFailed("g1", "a", "m", "fal", "p", 2, "BSE2006", "policy", false, 10, Instant.now()));
        metrics.committed(new CreditsVoided("a", "g1", "t", 5, 10, "reservation.expired"));
        assertEquals(1.0, meters.counter("babysea.router.failovers", "model", "m").count());
        assertEquals(1.0, meters.counter("babysea.router.attempts", "provider", "fal", "outcome", "failed_terminal").count());
        assertEquals(1.0, meters.counter("babysea.ledger.reservations.expired").count());
    }
}
