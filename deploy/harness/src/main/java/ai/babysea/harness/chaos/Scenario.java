package ai.babysea.harness.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The faults of a chaos run, one after the other while the load goes on, each followed by a gap of load without faults.
 * Step names (the {@code --steps} option):
 * <ul>
 *   <li>{@code kill:api-service}, {@code kill:ledger-service}, {@code kill:router-service}, {@code kill:webhook-service}:
 *       SIGKILL the service, then start it again at once (it is down until its new JVM is ready);</li>
 *   <li>{@code second-router}: start a second router instance, let it take jobs for the fault duration, SIGKILL it (its
 *       jobs must be taken over by the first one once their leases lapse);</li>
 *   <li>{@code kafka}: restart the broker on its log directory;</li>
 *   <li>{@code postgres:api}, {@code postgres:workers}: SIGKILL a PostgreSQL server (postmaster and backends) and start
 *       it again on its data directory after {@code --postgres-down-ms};</li>
 *   <li>{@code fault:timeout} (half the submits to the fault provider time out), {@code fault:error} (all answer 503),
 *       {@code fault:rate_limit} (all answer 429), {@code fault:accept_then_lose} (half are created and their answer is
 *       lost): for the fault duration, on every router instance.</li>
 * </ul>
 */
final class Scenario {
    /** Every step, in the full run's order. */
    static final List<String> ALL_STEPS = List.of("kill:api-service", "kill:ledger-service", "kill:router-service", "kill:webhook-service",
            "second-router", "kafka", "postgres:api", "postgres:workers", "fault:timeout", "fault:error", "fault:rate_limit",
            "fault:accept_then_lose");
    /** Share of the fault provider's submits that suffer each provider fault. */
    private static final Map<String, Double> FAULT_RATES = Map.of("timeout", 0.5, "error", 1.0, "rate_limit", 1.0, "accept_then_lose", 0.5);

    /** One step as it happened: offset from the load's start, what was done, how long it took, and any failure. */
    record Event(Duration at, String step, String what, Duration took, String failure) {
    }

    private final StackControl control;
    private final ChaosOptions options;
    private final long loadStartedNanos;
    private final List<Event> events = new ArrayList<>();

    Scenario(StackControl control, ChaosOptions options, long loadStartedNanos) {
        this.control = control;
        this.options = options;
        this.loadStartedNanos = loadStartedNanos;
    }

    /** Validates a step name. */
    static String check(String step) {
        if (!ALL_STEPS.contains(step)) {
            throw new IllegalArgumentException("unknown step " + step + " (known: " + ALL_STEPS + ")");
        }
        return step;
    }

    /** Runs the warm-up, every step with its gap, and the tail; returns what happened. */
    List<Event> run() throws InterruptedException {
        Thread.sleep(options.warmup().toMillis());
        for (String step : options.steps()) {
            long started = System.nanoTime();
            String failure = null;
            String what;
            try {
                what = perform(step);
            } catch (RuntimeException e) {
                what = "failed";
                failure = e.getMessage();
            }
            Event event = new Event(Duration.ofNanos(started - loadStartedNanos), step, what, Duration.ofNanos(System.nanoTime() - started),
                    failure);
            events.add(event);
            System.out.printf("  t+%4ds %-24s %s (%.1f s)%s%n", event.at().toSeconds(), step, what, event.took().toMillis() / 1000.0,
                    failure == null ? "" : " FAILED: " + failure);
            Thread.sleep(options.gap().toMillis());
        }
        Thread.sleep(options.tail().toMillis());
        return List.copyOf(events);
    }

    private String perform(String step) throws InterruptedException {
        String[] parts = step.split(":", 2);
        switch (parts[0]) {
            case "kill" -> {
                control.kill(parts[1]);
                long down = System.nanoTime();
                control.start(parts[1]);
                return "SIGKILL, started again, ready after " + (System.nanoTime() - down) / 1_000_000_000 + " s";
            }
            case "second-router" -> {
                control.start("router-service-2");
                Thread.sleep(options.faultDuration().toMillis());
                control.kill("router-service-2");
                return "second router started, SIGKILLed " + options.faultDuration().toSeconds() + " s later";
            }
            case "kafka" -> {
                control.restartKafka();
                return "broker restarted on its log directory";
            }
            case "postgres" -> {
                control.killPostgres(parts[1]);
                Thread.sleep(options.postgresDown().toMillis());
                control.startPostgres(parts[1]);
                return "SIGKILL (postmaster and backends), started again after " + options.postgresDown().toMillis() + " ms";
            }
            case "fault" -> {
                double rate = FAULT_RATES.get(parts[1]);
                control.fault(options.faultProvider(), parts[1], rate);
                try {
                    Thread.sleep(options.faultDuration().toMillis());
                } finally {
                    control.clearFaults();
                }
                return String.format("%s on %.0f %% of %s's submits for %d s", parts[1], rate * 100, options.faultProvider(),
                        options.faultDuration().toSeconds());
            }
            default -> throw new IllegalArgumentException("unknown step " + step);
        }
    }
}
