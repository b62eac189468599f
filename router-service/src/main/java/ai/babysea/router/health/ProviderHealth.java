package ai.babysea.router.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rolling per-provider (and per provider+model) attempt outcomes over a fixed window, from which the
 * published health status is derived. In-memory per instance: each router reports what it observed.
 */
@ApplicationScoped
public class ProviderHealth {
    /** Length of the rolling window. */
    public static final Duration WINDOW = Duration.ofMinutes(5);
    /** Most outcomes kept per key, so the window is bounded however busy the provider is. */
    static final int MAX_SAMPLES = 1_000;

    private final Map<String, Window> byProvider = new ConcurrentHashMap<>();
    private final Map<String, Window> byProviderModel = new ConcurrentHashMap<>();

    /** Records one finished attempt. */
    public void record(String provider, String modelIdentifier, boolean success, long latencyMs) {
        long now = System.currentTimeMillis();
        byProvider.computeIfAbsent(provider, k -> new Window()).add(now, success, latencyMs);
        byProviderModel.computeIfAbsent(provider + "|" + modelIdentifier, k -> new Window()).add(now, success, latencyMs);
    }

    /** The current stats of a provider. */
    public Stats stats(String provider) {
        Window window = byProvider.get(provider);
        return window == null ? Stats.EMPTY : window.stats(System.currentTimeMillis());
    }

    /** The current stats of a provider for one model. */
    public Stats stats(String provider, String modelIdentifier) {
        Window window = byProviderModel.get(provider + "|" + modelIdentifier);
        return window == null ? Stats.EMPTY : window.stats(System.currentTimeMillis());
    }

    /** Window statistics and the status derived from them. */
    public record Stats(int total, int failures, long meanLatencyMs) {
        static final Stats EMPTY = new Stats(0, 0, 0);

        /** Failures divided by attempts (0 without data). */
        public double failureRate() {
            return total == 0 ? 0 : (double) failures / total;
        }

        /** `unknown` without data, `healthy` below 20 % failures, `recovering` below 50 %, else `degraded`. */
        public String status() {
            if (total == 0) {
                return "unknown";
            }
            double rate = failureRate();
            return rate < 0.2 ? "healthy" : rate < 0.5 ? "recovering" : "degraded";
        }
    }

    private static final class Window {
        private final Deque<long[]> samples = new ArrayDeque<>();

        synchronized void add(long now, boolean success, long latencyMs) {
            samples.addLast(new long[] {now, success ? 1 : 0, latencyMs});
            if (samples.size() > MAX_SAMPLES) {
                samples.removeFirst();
            }
        }

        synchronized Stats stats(long now) {
            while (!samples.isEmpty() && samples.peekFirst()[0] < now - WINDOW.toMillis()) {
                samples.removeFirst();
            }
            int failures = 0;
            long latency = 0;
            for (long[] sample : samples) {
                failures += sample[1] == 0 ? 1 : 0;
                latency += sample[2];
            }
            return new Stats(samples.size(), failures, samples.isEmpty() ? 0 : latency / samples.size());
        }
    }
}
