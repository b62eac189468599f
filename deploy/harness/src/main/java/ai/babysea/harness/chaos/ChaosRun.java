package ai.babysea.harness.chaos;

import ai.babysea.harness.PublicApi;
import ai.babysea.harness.StackProcess;
import ai.babysea.harness.WebhookReceiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chaos run: starts the local stack (as a separate process, with its control endpoint), drives a steady submit
 * load with idempotent client retries, crashes and restarts every part of the stack in turn and makes a provider
 * misbehave ({@link Scenario}), then verifies from outside that nothing was lost, doubled or stranded
 * ({@link Verification}) and prints the checks as a table. Exit code 0 when every check passed, 1 otherwise.
 *
 * <pre>
 * ./mvnw -B -q package -DskipTests
 * java -cp deploy/harness/target/harness.jar ai.babysea.harness.chaos.ChaosRun
 * </pre>
 * Options and what each check means: deploy/harness/README.md.
 */
public final class ChaosRun {
    private static final String INTERNAL_TOKEN = "chaos-internal-token";
    /** Credits granted to the run's account: far more than the run spends, so no submit is refused for its balance. */
    private static final long GRANT_CREDITS = 100_000;

    /** What a run found: every check, the figures, and what was done when. */
    record Report(List<Verification.Check> checks, Map<String, String> figures, List<Scenario.Event> events) {
        boolean passed() {
            return !checks.isEmpty() && checks.stream().allMatch(Verification.Check::passed)
                    && events.stream().allMatch(event -> event.failure() == null);
        }

        /** The report as Markdown tables: the checks, the figures, the timeline. */
        String table() {
            StringBuilder out = new StringBuilder();
            out.append("| check | result | observed |\n|---|---|---|\n");
            for (Verification.Check check : checks) {
                out.append("| ").append(check.name()).append(" | ").append(check.passed() ? "PASS" : "**FAIL**").append(" | ")
                        .append(check.observed().replace("|", "/")).append(" |\n");
            }
            out.append("\n| figure | value |\n|---|---|\n");
            figures.forEach((name, value) -> out.append("| ").append(name).append(" | ").append(value.replace("|", "/")).append(" |\n"));
            out.append("\n| at | step | what happened | took |\n|---|---|---|---|\n");
            for (Scenario.Event event : events) {
                out.append("| t+").append(event.at().toSeconds()).append(" s | ").append(event.step()).append(" | ")
                        .append(event.failure() == null ? event.what() : "**failed**: " + event.failure()).append(" | ")
                        .append(String.format("%.1f s", event.took().toMillis() / 1000.0)).append(" |\n");
            }
            return out.toString();
        }
    }

    private ChaosRun() {
    }

    public static void main(String[] args) throws Exception {
        ChaosOptions options;
        try {
            options = ChaosOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Report report = run(repoRoot(), options);
        System.out.println();
        System.out.println(report.table());
        System.out.println(report.passed() ? "chaos run PASSED" : "chaos run FAILED");
        System.exit(report.passed() ? 0 : 1);
    }

    /** Runs the whole chaos run against a local stack it starts and stops. */
    static Report run(Path repoRoot, ChaosOptions options) throws Exception {
        Map<String, String> figures = new LinkedHashMap<>();
        figures.put("machine", machine());
        figures.put("date", LocalDate.now().toString());
        StringBuilder mix = new StringBuilder();
        for (PromptKind kind : PromptKind.values()) {
            if (options.shares().containsKey(kind)) {
                mix.append(mix.isEmpty() ? "" : ", ").append(String.format("%s %.0f %%", kind.label(), options.shares().get(kind) * 100));
            }
        }
        figures.put("load", options.rate() + " generations/s of " + options.model() + " with idempotent retries; prompts " + mix
                + ", the rest plain; simulator latency " + options.simulatorLatencyMs() + " ms");
        int controlPort = StackProcess.freePort();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("BABYSEA_CONTROL_PORT", String.valueOf(controlPort));
        env.put("BABYSEA_INTERNAL_TOKEN", INTERNAL_TOKEN);
        env.put("BABYSEA_SIMULATOR_LATENCY_MS", String.valueOf(options.simulatorLatencyMs()));
        // the run's account must not be throttled by its plan: every refusal would only be retried
        env.put("API_LIMITS_ENTERPRISE_REQUESTS", "100000000");
        env.put("API_LIMITS_ENTERPRISE_IN_FLIGHT", "1000000");
        System.out.println("machine: " + figures.get("machine"));
        System.out.println("starting the local stack ...");
        List<Scenario.Event> events = new ArrayList<>();
        List<Verification.Check> checks = new ArrayList<>();
        try (StackProcess stack = StackProcess.start(repoRoot, env, Duration.ofMinutes(10));
             WebhookReceiver receiver = WebhookReceiver.start()) {
            System.out.println("stack running; logs and the providers' submission ledger in " + stack.workDirectory());
            PublicApi api = new PublicApi(stack.apiUrl());
            String[] account = api.createAccount(stack.adminToken(), "chaos run", "Enterprise", GRANT_CREDITS);
            receiver.secret(api.createWebhookEndpoint(account[1], receiver.url()));
            StackControl control = new StackControl("http://127.0.0.1:" + controlPort + "/control", INTERNAL_TOKEN);
            String runId = "chaos-" + System.currentTimeMillis();
            try (IdempotentSubmitter submitter = new IdempotentSubmitter(stack.apiUrl(), account[1], options.model(), runId,
                    options.retryDeadline())) {
                System.out.printf("load: %d generations/s; steps: %s%n", options.rate(), options.steps());
                long loadStarted = System.nanoTime();
                submitter.start(options.rate(), index -> PromptKind.of(index, options.shares()));
                try {
                    events.addAll(new Scenario(control, options, loadStarted).run());
                } finally {
                    submitter.stopSubmitting();
                    control.clearFaults();
                }
                long loadSeconds = (System.nanoTime() - loadStarted) / 1_000_000_000;
                System.out.printf("load stopped after %d s (%d generations); waiting for every submit's answer ...%n", loadSeconds,
                        submitter.started());
                submitter.awaitAnswered(options.retryDeadline().plusMinutes(1));
                figures.put("generations submitted", submitter.started() + " in " + loadSeconds + " s");
                figures.put("submit answers (every attempt)", submitter.answers() + ", " + submitter.retries() + " retries");
                System.out.println("verifying ...");
                Verification verification = new Verification(stack.apiUrl(), account[1], account[0], stack.url("LEDGER"), INTERNAL_TOKEN,
                        receiver, control.simulatorLedger());
                checks.addAll(verification.verify(submitter.submissions(), options.settleTimeout(), figures));
            }
        }
        return new Report(List.copyOf(checks), figures, List.copyOf(events));
    }

    private static String machine() {
        String cpu = "unknown CPU";
        String load = "";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
            String[] averages = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            load = ", load average " + averages[0] + " at the start";
        } catch (IOException e) {
            // not Linux: the figures say less about the machine
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + cpu + ", java " + System.getProperty("java.version") + load;
    }

    private static Path repoRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (dir.resolve("mvnw").toFile().isFile() && dir.resolve("deploy/local-stack").toFile().isDirectory()) {
                return dir;
            }
        }
        throw new IllegalStateException("run from inside the BabySea checkout");
    }
}
