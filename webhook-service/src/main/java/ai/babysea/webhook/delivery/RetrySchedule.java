package ai.babysea.webhook.delivery;

import ai.babysea.webhook.config.WebhookConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When the next attempt of a delivery happens: the fast phase exactly as configured (the contract's
 * 0 / 0.5 / 1.5 / 3 / 5 s), then the long tail with symmetric relative jitter so that many deliveries
 * failing together do not retry in lockstep.
 */
public final class RetrySchedule {
    private final List<Duration> fast;
    private final List<Duration> tail;
    private final double jitter;
    private final DoubleSupplier random;

    /** A schedule with the given phases; {@code random} returns values in [0, 1). */
    public RetrySchedule(List<Duration> fast, List<Duration> tail, double jitter, DoubleSupplier random) {
        if (fast.isEmpty()) {
            throw new IllegalArgumentException("the fast schedule needs at least the first attempt");
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1)");
        }
        this.fast = List.copyOf(fast);
        this.tail = List.copyOf(tail);
        this.jitter = jitter;
        this.random = random;
    }

    static RetrySchedule from(WebhookConfig.Retry config) {
        return new RetrySchedule(config.fast(), config.tail().stream().filter(d -> !d.isZero()).toList(), config.tailJitter(),
                java.util.concurrent.ThreadLocalRandom.current()::nextDouble);
    }

    /** Total attempts a delivery gets. */
    public int maxAttempts() {
        return fast.size() + tail.size();
    }

    /** Delay from now until attempt number {@code attempt} (1-based), or empty when there is no such attempt. */
    public Optional<Duration> delayBefore(int attempt) {
        if (attempt < 1 || attempt > maxAttempts()) {
            return Optional.empty();
        }
        if (attempt <= fast.size()) {
            return Optional.of(fast.get(attempt - 1));
        }
        Duration base = tail.get(attempt - fast.size() - 1);
        double factor = 1 + jitter * (2 * random.getAsDouble() - 1);
        return Optional.of(Duration.ofMillis(Math.max(0, Math.round(base.toMillis() * factor))));
    }

    /** The nominal (unjittered) delays, for documentation. */
    public List<Duration> nominal() {
        List<Duration> all = new ArrayList<>(fast);
        all.addAll(tail);
        return all;
    }
}
