package ai.babysea.harness.bench;

import ai.babysea.harness.OpenLoopSubmitter;
import ai.babysea.harness.ProcessCpu;
import ai.babysea.harness.PublicApi;
import ai.babysea.harness.StackProcess;
import ai.babysea.harness.WebhookReceiver;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The end-to-end pipeline benchmark: starts the local stack (durable PostgreSQL, zero-latency simulator by default) as
 * a separate process, registers a signature-checking webhook receiver, drives generations at fixed rates through the
 * public API, waits for every terminal webhook, and prints per rate: generations/s end to end, CPU per generation of
 * every process of the stack (from /proc), end-to-end latency (scheduled submit → terminal webhook) and submit latency.
 *
 * <pre>
 * ./mvnw -B -q package -DskipTests
 * java -cp "deploy/harness/target/harness.jar" ai.babysea.harness.bench.PipelineBenchmark --rates 300,600 --count 6000
 * </pre>
 * Options: {@code --rates} (comma separated, run in order; default 300), {@code --count} generations per rate (6000),
 * {@code --warmup} generations first, not measured (3000), {@code --latency-ms} simulator latency (0),
 * {@code --connections} (32), {@code --model} (bfl/flux-schnell), {@code --drain-timeout-s} (600),
 * {@code --pause-s} idle seconds between rates (5), {@code --jfr <dir>} a JFR CPU profile of every JVM of the stack. A rate "holds" when the stack finished its generations at ≥ 95 %
 * of the offered rate (the backlog did not grow).
 */
public final class PipelineBenchmark {
    private PipelineBenchmark() {
    }

    /** One measured rate. */
    record Round(int rate, int count, long accepted, Map<Integer, Long> statuses, long errors, double endToEndPerSecond,
            Map<String, Double> cpuSeconds, double clientCpuSeconds, Histogram submitMicros, Histogram endToEndMillis,
            Map<String, Long> outcomes, long unfinished) {
        boolean held() {
            return unfinished == 0 && endToEndPerSecond >= 0.95 * rate;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        List<Integer> rates = new ArrayList<>();
        for (String rate : options.getOrDefault("rates", "300").split(",")) {
            rates.add(Integer.parseInt(rate.trim()));
        }
        int count = Integer.parseInt(options.getOrDefault("count", "6000"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "3000"));
        int connections = Integer.parseInt(options.getOrDefault("connections", "32"));
        String model = options.getOrDefault("model", "bfl/flux-schnell");
        Duration drainTimeout = Duration.ofSeconds(Long.parseLong(options.getOrDefault("drain-timeout-s", "600")));
        long pauseSeconds = Long.parseLong(options.getOrDefault("pause-s", "5"));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("BABYSEA_SIMULATOR_LATENCY_MS", options.getOrDefault("latency-ms", "0"));
        // a benchmark account must not be throttled by its plan: the limits are the stack's, not the account's
        env.put("API_LIMITS_ENTERPRISE_REQUESTS", "100000000");
        env.put("API_LIMITS_ENTERPRISE_IN_FLIGHT", "1000000");
        if (options.containsKey("jfr")) {
            // every JVM of the stack records a CPU profile, written into the directory when it stops (JFR names each file after its process id)
            Path jfr = Path.of(options.get("jfr")).toAbsolutePath();
            java.nio.file.Files.createDirectories(jfr);
            env.put("JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + jfr + "/");
        }

        Path root = repoRoot();
        System.out.printf("machine: %d cores, %s; java %s%n", Runtime.getRuntime().availableProcessors(), cpuModel(),
                System.getProperty("java.version"));
        System.out.println("starting the local stack (simulator latency " + env.get("BABYSEA_SIMULATOR_LATENCY_MS") + " ms) ...");
        try (StackProcess stack = StackProcess.start(root, env, Duration.ofMinutes(5));
             WebhookReceiver receiver = WebhookReceiver.start()) {
            stack.printed().stream().filter(line -> line.startsWith("PostgreSQL")).forEach(System.out::println);
            PublicApi api = new PublicApi(stack.apiUrl());
            String[] account = api.createAccount(stack.adminToken(), "pipeline benchmark", "Enterprise", 1_000_000);
            receiver.secret(api.createWebhookEndpoint(account[1], receiver.url()));
            OpenLoopSubmitter submitter = new OpenLoopSubmitter(stack.apiUrl(), account[1], connections);
            ProcessCpu cpu = new ProcessCpu(stack.pid(), stack.workDirectory());
            if (warmup > 0) {
                System.out.printf("warm-up: %d generations at %d/s%n", warmup, rates.get(0));
                Round round = round(submitter, receiver, cpu, model, rates.get(0), warmup, drainTimeout);
                System.out.printf("warm-up done: %.0f generations/s end to end, %d unfinished%n", round.endToEndPerSecond(), round.unfinished());
            }
            List<Round> rounds = new ArrayList<>();
            for (int rate : rates) {
                Thread.sleep(pauseSeconds * 1000);
                Round round = round(submitter, receiver, cpu, model, rate, count, drainTimeout);
                rounds.add(round);
                print(round);
            }
            System.out.println();
            System.out.printf("webhooks: %d deliveries, %d bad signatures, %d redelivered ids, %d events under several delivery ids%n",
                    receiver.deliveries(), receiver.badSignatures(), receiver.redeliveries(), receiver.eventsUnderSeveralDeliveryIds());
            rounds.stream().filter(Round::held).mapToInt(Round::rate).max().ifPresentOrElse(
                    best -> System.out.printf("highest rate held (>= 95 %% of it finished end to end, nothing left): %d/s%n", best),
                    () -> System.out.println("no rate held"));
        }
        System.exit(0);
    }

    private static Round round(OpenLoopSubmitter submitter, WebhookReceiver receiver, ProcessCpu cpu, String model, int rate, int count,
            Duration drainTimeout) throws InterruptedException {
        Map<String, Double> before = cpu.snapshot();
        double clientBefore = clientCpuSeconds();
        String body = "{\"generation_prompt\":\"benchmark: a lighthouse at dusk\",\"generation_ratio\":\"16:9\"}";
        OpenLoopSubmitter.Result result = submitter.run(model, rate, count, i -> body);
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (receiver.terminalCount(result.scheduledNanosById().keySet()) < result.scheduledNanosById().size() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Map<String, Double> spent = ProcessCpu.delta(before, cpu.snapshot());
        double client = clientCpuSeconds() - clientBefore;
        Histogram endToEnd = new Histogram(3_600_000L, 3);
        long last = result.firstScheduledNanos();
        long unfinished = 0;
        Map<String, Long> outcomes = new TreeMap<>();
        for (Map.Entry<String, Long> accepted : result.scheduledNanosById().entrySet()) {
            WebhookReceiver.Terminal terminal = receiver.terminal(accepted.getKey());
            if (terminal == null) {
                unfinished++;
                continue;
            }
            outcomes.merge(terminal.event() + (terminal.errorCode() == null ? "" : " " + terminal.errorCode()), 1L, Long::sum);
            last = Math.max(last, terminal.arrivedNanos());
            endToEnd.recordValue(Math.max(1, (terminal.arrivedNanos() - accepted.getValue()) / 1_000_000));
        }
        double seconds = Math.max(1e-3, (last - result.firstScheduledNanos()) / 1e9);
        long finished = result.scheduledNanosById().size() - unfinished;
        return new Round(rate, count, result.scheduledNanosById().size(), result.statuses(), result.errors(), finished / seconds, spent, client,
                result.latencyMicros(), endToEnd, outcomes, unfinished);
    }

    private static void print(Round round) {
        System.out.println();
        System.out.printf("rate %d/s, %d generations: %d accepted (statuses %s, %d errors), %d unfinished, outcomes %s%n", round.rate(),
                round.count(), round.accepted(), round.statuses(), round.errors(), round.unfinished(), round.outcomes());
        System.out.printf("  end to end: %.1f generations/s%s; latency submit -> terminal webhook p50 %d ms, p99 %d ms, max %d ms%n",
                round.endToEndPerSecond(), round.held() ? " (held)" : " (did NOT hold)", round.endToEndMillis().getValueAtPercentile(50),
                round.endToEndMillis().getValueAtPercentile(99), round.endToEndMillis().getMaxValue());
        System.out.printf("  submit: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n", round.submitMicros().getValueAtPercentile(50) / 1000.0,
                round.submitMicros().getValueAtPercentile(99) / 1000.0, round.submitMicros().getValueAtPercentile(99.9) / 1000.0,
                round.submitMicros().getMaxValue() / 1000.0);
        double generations = Math.max(1, round.accepted());
        double total = round.cpuSeconds().values().stream().mapToDouble(Double::doubleValue).sum();
        System.out.printf("  CPU per generation (core-ms), whole stack %.2f:%n", 1000 * total / generations);
        round.cpuSeconds().forEach((group, seconds) -> System.out.printf("    %-40s %7.2f  (%4.1f %%)%n", group, 1000 * seconds / generations,
                total == 0 ? 0 : 100 * seconds / total));
        System.out.printf("    %-40s %7.2f  (not part of the stack)%n", "benchmark client + webhook receiver", 1000 * round.clientCpuSeconds() / generations);
    }

    private static double clientCpuSeconds() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1e9 : 0;
    }

    private static String cpuModel() {
        try {
            return java.nio.file.Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (java.io.IOException e) {
            return "unknown CPU";
        }
    }

    private static Path repoRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (dir.resolve("mvnw").toFile().isFile() && dir.resolve("deploy/local-stack").toFile().isDirectory()) {
                return dir;
            }
        }
        throw new IllegalStateException("run from inside the BabySea checkout");
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
