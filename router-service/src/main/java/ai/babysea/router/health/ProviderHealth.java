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
 * Provider health per (provider, model) and per provider: a rolling window of attempt outcomes and latencies feeding
 * a circuit breaker. Closed ({@code healthy}) until at least {@code min-attempts} in the window fail at
 * {@code failure-threshold} or more; then open ({@code degraded}) for {@code open-duration}; then half-open
 * ({@code recovering}), which admits a bounded trickle of {@code half-open-probes} attempts at a time:
 * {@code half-open-successes} successes close it, a failure opens it again. A provider that sent {@code Retry-After}
 * is not admitted until then. Only outcomes that say something about the provider are recorded: a failure caused by
 * the request, or an attempt written off without a verdict, just gives its admission back
 * ({@link #release(String, String, Admission)}). In-memory per instance.
 * <p>
 * The breaker only decides whom to try first: the chain puts providers that are not admitted behind the ones that
 * are and still tries them when nothing else is left (see the job engine), so an open breaker never refuses work a
 * provider could do.
 */
@ApplicationScoped
public class ProviderHealth {
    /** Most outcomes kept per key, so a window is bounded however busy the provider is. */
    static final int MAX_SAMPLES = 1_000;

    /** How an attempt was let through, so its outcome is booked against the right breaker state. */
    public enum Admission {
        /** The breaker is closed. */
        CLOSED,
        /** One of the half-open breaker's bounded trial slots. */
        PROBE,
        /** Not admitted by the breaker, sent anyway because every provider left in the chain was refused (panic). */
        PANIC
    }

    private final Map<String, Breaker> breakers = new ConcurrentHashMap<>();
    private final Map<String, Long> coolDownUntilMs = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private final Duration window;
    private final int minAttempts;
    private final double failureThreshold;
    private final Duration openDuration;
    private final int halfOpenProbes;
    private final int halfOpenSuccesses;

    /** Where breaker states are published as gauges; null in unit tests. */
    private MeterRegistry meters;

    @Inject
    ProviderHealth(RouterConfig config, MeterRegistry meters) {
        this(System::currentTimeMillis, config.health());
        this.meters = meters;
    }

    /** Health with explicit settings and clock (unit tests). */
    public ProviderHealth(LongSupplier clock, RouterConfig.Health settings) {
        this.clock = clock;
        this.window = settings.window();
        this.minAttempts = settings.minAttempts();
        this.failureThreshold = settings.failureThreshold();
        this.openDuration = settings.openDuration();
        this.halfOpenProbes = Math.max(1, settings.halfOpenProbes());
        this.halfOpenSuccesses = Math.max(1, settings.halfOpenSuccesses());
    }

    /** The window length. */
    public Duration window() {
        return window;
    }

    /** Records the verdict of an attempt on the provider (success, or a failure that is the provider's) and frees its admission. */
    public void record(String provider, String modelIdentifier, Admission admission, boolean success, long latencyMs) {
        long now = clock.getAsLong();
        // the provider-wide breaker only aggregates the window for the health endpoint: admissions are per model
        breaker(provider).record(now, Admission.CLOSED, success, latencyMs);
        breaker(key(provider, modelIdentifier)).record(now, admission, success, latencyMs);
    }

    /** Frees an admission whose attempt ended without a verdict on the provider (request's fault, written off, canceled). */
    public void release(String provider, String modelIdentifier, Admission admission) {
        breaker(key(provider, modelIdentifier)).release(admission);
    }

    /** Skips the provider until {@code now + wait} (its {@code Retry-After}). */
    public void coolDown(String provider, Duration wait) {
        coolDownUntilMs.merge(provider, clock.getAsLong() + wait.toMillis(), Math::max);
    }

    /** Whether the provider is cooling down after a {@code Retry-After}. */
    public boolean coolingDown(String provider) {
        return coolDownUntilMs.getOrDefault(provider, 0L) > clock.getAsLong();
    }

    /** Whether the breaker would admit an attempt now (no side effect). */
    public boolean admissible(String provider, String modelIdentifier) {
        long now = clock.getAsLong();
        return !coolingDown(provider) && breaker(key(provider, modelIdentifier)).admissible(now);
    }

    /** Takes an admission for an attempt: CLOSED or PROBE, or null when the breaker refuses (open, trickle full, cooling down). */
    public Admission tryAdmit(String provider, String modelIdentifier) {
        if (coolingDown(provider)) {
            return null;
        }
        return breaker(key(provider, modelIdentifier)).tryAdmit(clock.getAsLong());
    }

    /** Current stats of a provider (all models). */
    public Stats stats(String provider) {
        return breaker(provider).stats(clock.getAsLong());
    }

    /** Current stats of a provider for one model. */
    public Stats stats(String provider, String modelIdentifier) {
        return breaker(key(provider, modelIdentifier)).stats(clock.getAsLong());
    }

    /**
     * The {@code fastest} order: providers with a good record (success rate ≥ 50 %) by mean latency, then providers
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

    /**
     * Providers in order of health, for when none is admitted: lowest failure rate in the window first (no data counts
     * as healthy), then the one whose breaker opened longest ago; ties keep the given order. Not cooling down before
     * cooling down.
     */
    public List<String> byHealth(List<String> providers, String modelIdentifier) {
        List<String> ranked = new ArrayList<>(providers);
        ranked.sort(Comparator.comparing((String p) -> coolingDown(p))
                .thenComparingDouble(p -> stats(p, modelIdentifier).failureRate())
                .thenComparingLong(p -> breaker(key(p, modelIdentifier)).openedAtMs())
                .thenComparingInt(providers::indexOf));
        return ranked;
    }

    private static String key(String provider, String modelIdentifier) {
        return provider + "|" + modelIdentifier;
    }

    private static int group(Stats stats) {
        if (stats.total() == 0) {
            return 1;
        }
        return stats.failureRate() <= 0.5 ? 0 : 2;
    }

    private Breaker breaker(String key) {
        return breakers.computeIfAbsent(key, k -> {
            int separator = k.indexOf('|');
            Breaker breaker = new Breaker(meters == null || separator < 0 ? () -> { }
                    : () -> meters.counter("babysea.router.breaker.opened", "provider", k.substring(0, separator), "model",
                            k.substring(separator + 1)).increment());
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
        private final Runnable opened;
        private State state = State.CLOSED;
        private long openedAtMs;
        private int probesInFlight;
        private int probeSuccesses;

        Breaker(Runnable opened) {
            this.opened = opened;
        }

        synchronized void record(long now, Admission admission, boolean success, long latencyMs) {
            release(admission);
            samples.addLast(new long[] {now, success ? 1 : 0, latencyMs});
            if (samples.size() > MAX_SAMPLES) {
                samples.removeFirst();
            }
            switch (state) {
                case HALF_OPEN -> {
                    if (!success) {
                        open(now);
                    } else if (++probeSuccesses >= halfOpenSuccesses) {
                        state = State.CLOSED;
                        // a fresh start: the failures that opened the breaker must not reopen it at once
                        samples.clear();
                        samples.addLast(new long[] {now, 1, latencyMs});
                    }
                }
                case CLOSED -> {
                    Stats stats = stats(now);
                    if (stats.total() >= minAttempts && stats.failureRate() >= failureThreshold) {
                        open(now);
                    }
                }
                case OPEN -> {
                    // outcomes of attempts started before it opened, or sent in panic: kept in the window, no state change
                }
            }
        }

        synchronized void release(Admission admission) {
            if (admission == Admission.PROBE && probesInFlight > 0) {
                probesInFlight--;
            }
        }

        private void open(long now) {
            state = State.OPEN;
            openedAtMs = now;
            probeSuccesses = 0;
            opened.run();
        }

        private void halfOpenIfDue(long now) {
            if (state == State.OPEN && now - openedAtMs >= openDuration.toMillis()) {
                state = State.HALF_OPEN;
                probeSuccesses = 0;
            }
        }

        synchronized boolean admissible(long now) {
            halfOpenIfDue(now);
            return switch (state) {
                case CLOSED -> true;
                case OPEN -> false;
                case HALF_OPEN -> probesInFlight < halfOpenProbes;
            };
        }

        synchronized Admission tryAdmit(long now) {
            halfOpenIfDue(now);
            if (state == State.CLOSED) {
                return Admission.CLOSED;
            }
            if (state == State.HALF_OPEN && probesInFlight < halfOpenProbes) {
                probesInFlight++;
                return Admission.PROBE;
            }
            return null;
        }

        synchronized long openedAtMs() {
            return state == State.CLOSED ? 0 : openedAtMs;
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
