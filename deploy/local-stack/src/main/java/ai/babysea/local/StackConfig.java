package ai.babysea.local;

import java.nio.file.Path;

/**
 * Ports and places of one local stack. Every port is configurable (environment variables in
 * {@link Main}); tests pass 0 to pick free ports.
 */
public record StackConfig(
        Path repoRoot,
        Path workDirectory,
        int kafkaPort,
        int postgresPort,
        int workerPostgresPort,
        int apiPort,
        int ledgerPort,
        int routerPort,
        int webhookPort,
        int requestBinPort,
        long simulatorLatencyMs,
        double simulatorFailureRate,
        boolean durablePostgres,
        String internalToken,
        String adminToken,
        int consolePort) {

    /** A stack whose web console listens on a free port (tests). */
    public StackConfig(Path repoRoot, Path workDirectory, int kafkaPort, int postgresPort, int workerPostgresPort, int apiPort,
            int ledgerPort, int routerPort, int webhookPort, int requestBinPort, long simulatorLatencyMs, double simulatorFailureRate,
            boolean durablePostgres, String internalToken, String adminToken) {
        this(repoRoot, workDirectory, kafkaPort, postgresPort, workerPostgresPort, apiPort, ledgerPort, routerPort, webhookPort,
                requestBinPort, simulatorLatencyMs, simulatorFailureRate, durablePostgres, internalToken, adminToken, 0);
    }

    /**
     * The launcher's configuration from environment variables ({@code BABYSEA_*}, README "Local stack settings"); an
     * unset or blank variable takes its default. PostgreSQL is durable unless {@code BABYSEA_DURABLE_POSTGRES=false}.
     */
    public static StackConfig fromEnvironment(Path repoRoot, java.util.function.Function<String, String> environment) {
        java.util.function.BiFunction<String, String, String> env = (name, fallback) -> {
            String value = environment.apply(name);
            return value == null || value.isBlank() ? fallback : value.trim();
        };
        java.util.function.BiFunction<String, Integer, Integer> port = (name, fallback) -> Integer.parseInt(env.apply(name, String.valueOf(fallback)));
        return new StackConfig(
                repoRoot,
                Path.of(env.apply("BABYSEA_LOCAL_DIR", ".local-stack")).toAbsolutePath(),
                port.apply("BABYSEA_KAFKA_PORT", 9092),
                port.apply("BABYSEA_POSTGRES_PORT", 15432),
                port.apply("BABYSEA_WORKER_POSTGRES_PORT", 15433),
                port.apply("BABYSEA_API_PORT", 8080),
                port.apply("BABYSEA_LEDGER_PORT", 8081),
                port.apply("BABYSEA_ROUTER_PORT", 8082),
                port.apply("BABYSEA_WEBHOOK_PORT", 8083),
                port.apply("BABYSEA_REQUEST_BIN_PORT", 8089),
                Long.parseLong(env.apply("BABYSEA_SIMULATOR_LATENCY_MS", "1500")),
                Double.parseDouble(env.apply("BABYSEA_SIMULATOR_FAILURE_RATE", "0")),
                Boolean.parseBoolean(env.apply("BABYSEA_DURABLE_POSTGRES", "true")),
                env.apply("BABYSEA_INTERNAL_TOKEN", "local-internal-token"),
                env.apply("BABYSEA_ADMIN_TOKEN", "local-admin-token"),
                port.apply("BABYSEA_CONSOLE_PORT", 8084));
    }

    /** The packaged Quarkus application of a service (or of the console). */
    public Path serviceJar(String service) {
        return repoRoot.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
