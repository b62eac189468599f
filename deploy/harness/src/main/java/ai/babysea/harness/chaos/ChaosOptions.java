package ai.babysea.harness.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chaos run's settings, each with its command-line option ({@code --name value}) and default.
 *
 * @param rate generations submitted per second ({@code --rate}, 30)
 * @param steps the faults in order ({@code --steps}, comma separated; default every step, see {@link Scenario#ALL_STEPS})
 * @param warmup load before the first fault ({@code --warmup-s}, 20 s)
 * @param gap load between the end of one fault and the start of the next ({@code --gap-s}, 20 s)
 * @param faultDuration how long each provider fault and the second router last ({@code --fault-s}, 20 s)
 * @param postgresDown how long a killed PostgreSQL stays down before it is started again ({@code --postgres-down-ms}, 1000)
 * @param tail load after the last fault ({@code --tail-s}, 20 s)
 * @param settleTimeout how long the run waits after the load for every generation to end and its webhook to arrive
 *        ({@code --settle-timeout-s}, 600 s)
 * @param retryDeadline how long the client keeps repeating one submit ({@code --retry-deadline-s}, 600 s)
 * @param simulatorLatency simulated provider latency ({@code --latency-ms}, 1500)
 * @param model the model every generation asks for ({@code --model}, bfl/flux-schnell: chain bfl, replicate, cloudflare)
 * @param faultProvider the provider the provider faults hit ({@code --fault-provider}, bfl: the first of the chain)
 * @param shares the share of each marked prompt kind ({@code --mix fail=0.1,fail-first=0.1,content-policy=0.05})
 */
record ChaosOptions(int rate, List<String> steps, Duration warmup, Duration gap, Duration faultDuration, Duration postgresDown,
        Duration tail, Duration settleTimeout, Duration retryDeadline, long simulatorLatencyMs, String model, String faultProvider,
        Map<PromptKind, Double> shares) {

    /** The full run's defaults. */
    static ChaosOptions defaults() {
        return parse(new String[0]);
    }

    /** Parses {@code --name value} pairs over the defaults. */
    static ChaosOptions parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        List<String> known = List.of("rate", "steps", "warmup-s", "gap-s", "fault-s", "postgres-down-ms", "tail-s", "settle-timeout-s",
                "retry-deadline-s", "latency-ms", "model", "fault-provider", "mix");
        for (String name : options.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + " (known: " + known + ")");
            }
        }
        List<String> steps = new ArrayList<>();
        for (String step : options.getOrDefault("steps", String.join(",", Scenario.ALL_STEPS)).split(",")) {
            if (!step.isBlank()) {
                steps.add(Scenario.check(step.trim()));
            }
        }
        Map<PromptKind, Double> shares = new EnumMap<>(PromptKind.class);
        for (String share : options.getOrDefault("mix", "fail=0.1,fail-first=0.1,content-policy=0.05").split(",")) {
            String[] parts = share.trim().split("=");
            PromptKind kind = PromptKind.valueOf(parts[0].trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            shares.put(kind, Double.parseDouble(parts[1].trim()));
        }
        if (shares.values().stream().mapToDouble(Double::doubleValue).sum() > 1) {
            throw new IllegalArgumentException("--mix shares add up to more than 1");
        }
        int rate = Integer.parseInt(options.getOrDefault("rate", "30"));
        if (rate < 1) {
            throw new IllegalArgumentException("--rate must be at least 1");
        }
        return new ChaosOptions(rate, List.copyOf(steps), seconds(options, "warmup-s", 20), seconds(options, "gap-s", 20),
                seconds(options, "fault-s", 20), Duration.ofMillis(Long.parseLong(options.getOrDefault("postgres-down-ms", "1000"))),
                seconds(options, "tail-s", 20), seconds(options, "settle-timeout-s", 600), seconds(options, "retry-deadline-s", 600),
                Long.parseLong(options.getOrDefault("latency-ms", "1500")), options.getOrDefault("model", "bfl/flux-schnell"),
                options.getOrDefault("fault-provider", "bfl"), Map.copyOf(shares));
    }

    private static Duration seconds(Map<String, String> options, String name, long fallback) {
        return Duration.ofSeconds(Long.parseLong(options.getOrDefault(name, String.valueOf(fallback))));
    }
}
