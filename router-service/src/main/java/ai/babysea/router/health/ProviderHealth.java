package ai.babysea.router.health;

import ai.babysea.router.config.RouterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Provider health per (provider, model) and per provider: a rolling window of attempt outcomes and
 * latencies feeding a circuit breaker. Closed (`healthy`) until at least `min-attempts` in the window fail
 * at `failure-threshold` or more; then open (`degraded`, skipped by the chain) for `open-duration`; then
 * half-open (`recovering`): one probe attempt is let through, its success closes the breaker, its failure
 * opens it again. A provider that sent `Retry-After` is skipped until then. In-memory per instance.
 */
@ApplicationScoped
public class ProviderHealth {
    /** Most outcomes kept per key, so a window is bounded however busy the provider is. */
    static final int MAX_SAMPLES = 1_000;

    private final Map<String, Breaker> breakers = new ConcurrentHashMap<>();
    private final Map<String, Long> coolDownUntilMs = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private final Duration window;
    private final int minAttempts;
    private final double failureThreshold;
    private final Duration openDuration;

    /** Where breaker states are published as gauges; null in unit tests. */
    private MeterRegistry meters;

    @Inject
    ProviderHealth(RouterConfig config, MeterRegistry meters) {
        this(System::currentTimeMillis, config.health().window(), config.health().minAttempts(), config.health().failureThreshold(),
                config.health().openDuration());
        this.meters = meters;
    }

    /** Health with explicit settings and clock (unit tests). */
    public ProviderHealth(LongSupplier clock, Duration window, int minAttempts, double failureThreshold, Duration openDuration) {
        this.clock = clock;
        this.window = window;
        this.minAttempts = minAttempts;
        this.failureThreshold = failureThreshold;
        this.openDuration = openDuration;
    }

    /** The window length. */
    public Duration window() {
        return window;
    }

    /** Records one finished attempt. */
    public void record(String provider, String modelIdentifier, boolean success, long latencyMs) {
        long now = clock.getAsLong();
        breaker(provider).record(now, success, latencyMs);
        breaker(provider + "|" + modelIdentifier).record(now, success, latencyMs);
    }

    /** Skips the provider until `now + wait` (its `Retry-After`). */
    public void coolDown(String provider, Duration wait) {
        coolDownUntilMs.merge(provider, clock.getAsLong() + wait.toMillis(), Math::max);
    }

    /** Whether a new attempt may go to this provider for this model now (no side effect). */
    public boolean available(String provider, String modelIdentifier) {
        long now = clock.getAsLong();
        return coolDownUntilMs.getOrDefault(provider, 0L) <= now && breaker(provider + "|" + modelIdentifier).available(now);
    }

    /** Claims the right to start an attempt: false while the breaker is open or its half-open probe is taken. */
    public boolean tryAcquire(String provider, String modelIdentifier) {
        long now = clock.getAsLong();
        return coolDownUntilMs.getOrDefault(provider, 0L) <= now && breaker(provider + "|" + modelIdentifier).tryAcquire(now);
    }

    /** Current stats of a provider (all models). */
    public Stats stats(String provider) {
        return breaker(provider).stats(clock.getAsLong());
    }

    /** Current stats of a provider for one model. */
    public Stats stats(String provider, String modelIdentifier) {
        return breaker(provider + "|" + modelIdentifier).stats(clock.getAsLong());
    }

    /**
     * The `fastest` order: providers with a good record (success rate ≥ 50 %) by mean latency, then providers
     * without data in their given order, then poor ones by success rate; with no data at all, the given order.
     */
    public List<String> rank(List<String> order, String modelIdentifier) {
        List<String> ranked = new ArrayList<>(order);
        ranked.sort(Comparator.comparingInt((String p) -> group(stats(p, modelIdentifier)))
                .thenComparingDouble(p -> {
                    Stats stats = stats(p, modelIdentifier);
                    int group = group(stats);
                    return group == 0 ? stats.meanLatencyMs() : group == 2 ? stats.failureRate() : order.indexOf(p);
                }));
        return ranked;
    }

    private static int group(Stats stats) {
        if (stats.total() == 0) {
            return 1;
        }
        return stats.failureRate() <= 0.5 ? 0 : 2;
    }

    private Breaker breaker(String key) {
        return breakers.computeIfAbsent(key, k -> {
            Breaker breaker = new Breaker();
            int separator = k.indexOf('|');
            if (meters != null && separator > 0) {
                // 0 unknown, 1 healthy, 2 recovering, 3 degraded (open): the alert fires on 3.
                meters.gauge("babysea.router.breaker.state", Tags.of("provider", k.substring(0, separator), "model",
                        k.substring(separator + 1)), breaker, b -> stateValue(b.stats(clock.getAsLong()).status()));
            }
            return breaker;
        });
    }

    private static double stateValue(String status) {
        return switch (status) {
            case "healthy" -> 1;
            case "recovering" -> 2;
            case "degraded" -> 3;
            default -> 0;
        };
    }

    /** Window statistics and the breaker status. */
    public record Stats(int total, int failures, long meanLatencyMs, String status) {
        /** Failures divided by attempts (0 without data). */
        public double failureRate() {
            return total == 0 ? 0 : (double) failures / total;
        }
    }

    private enum State { CLOSED, OPEN, HALF_OPEN }

    private final class Breaker {
        private final Deque<long[]> samples = new ArrayDeque<>();
        private State state = State.CLOSED;
        private long openedAtMs;
        private boolean probeTaken;

        synchronized void record(long now, boolean success, long latencyMs) {
            samples.addLast(new long[] {now, success ? 1 : 0, latencyMs});
            if (samples.size() > MAX_SAMPLES) {
                samples.removeFirst();
            }
            if (state == State.HALF_OPEN || (state == State.OPEN && now - openedAtMs >= openDuration.toMillis())) {
                probeTaken = false;
                if (success) {
                    state = State.CLOSED;
                    // a fresh start: the failures that opened the breaker must not reopen it at once
                    samples.clear();
                    samples.addLast(new long[] {now, 1, latencyMs});
                } else {
                    open(now);
                }
                return;
            }
            if (state == State.CLOSED) {
                Stats stats = stats(now);
                if (stats.total() >= minAttempts && stats.failureRate() >= failureThreshold) {
                    open(now);
                }
            }
        }

        private void open(long now) {
            state = State.OPEN;
            openedAtMs = now;
            probeTaken = false;
        }

        synchronized boolean available(long now) {
            return switch (state) {
                case CLOSED -> true;
                case OPEN -> now - openedAtMs >= openDuration.toMillis();
                case HALF_OPEN -> !probeTaken;
            };
        }

        synchronized boolean tryAcquire(long now) {
            if (state == State.OPEN && now - openedAtMs >= openDuration.toMillis()) {
                state = State.HALF_OPEN;
                probeTaken = false;
            }
            if (state == State.CLOSED) {
                return true;
            }
            if (state == State.HALF_OPEN && !probeTaken) {
                probeTaken = true;
                return true;
            }
            return false;
        }

        synchronized Stats stats(long now) {
            while (!samples.isEmpty() && samples.peekFirst()[0] < now - window.toMillis()) {
                samples.removeFirst();
            }
            int failures = 0;
            long latency = 0;
            for (long[] sample : samples) {
                failures += sample[1] == 0 ? 1 : 0;
                latency += sample[2];
            }
            String status;
            if (state == State.OPEN) {
                status = now - openedAtMs >= openDuration.toMillis() ? "recovering" : "degraded";
            } else if (state == State.HALF_OPEN) {
                status = "recovering";
            } else {
                status = samples.isEmpty() ? "unknown" : "healthy";
            }
            return new Stats(samples.size(), failures, samples.isEmpty() ? 0 : latency / samples.size(), status);
        }
    }
}
