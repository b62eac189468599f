package ai.babysea.local;

import ai.babysea.embedded.EmbeddedKafka;
import ai.babysea.embedded.EmbeddedS3;
import ai.babysea.embedded.EmbeddedPostgresServer;
import ai.babysea.embedded.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole system on one machine: an in-JVM Kafka broker, PostgreSQL from packaged binaries
 * (one database per service), the four services as separate JVMs with the simulator provider, the
 * web console, and a request bin. Used by the one-command launcher and by the end-to-end tests.
 */
public final class LocalStack implements AutoCloseable {
    /** Services in start order: ledger before api so the api's first grant finds it. */
    public static final List<String> SERVICES = List.of("ledger-service", "router-service", "webhook-service", "api-service");
    /** The web console, started after the services; {@link #url(String)} of it is the page a user opens. */
    public static final String CONSOLE = "console";

    private final StackConfig config;
    private EmbeddedKafka kafka;
    private EmbeddedPostgresServer postgres;
    private EmbeddedPostgresServer workerPostgres;
    private final List<Path> postgresData = new ArrayList<>();
    private RequestBin requestBin;
    private EmbeddedS3 s3;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();
    private String otlpEndpoint;

    public LocalStack(StackConfig config) {
        this.config = config;
    }

    /**
     * Turns tracing on in every service (it is off by default): spans go to this OTLP/HTTP endpoint
     * (`http/protobuf`, e.g. `http://127.0.0.1:4318`). Call before {@link #start()}.
     */
    public LocalStack exportTracesTo(String otlpHttpEndpoint) {
        this.otlpEndpoint = otlpHttpEndpoint;
        return this;
    }

    /** Fails with a clear message when a configured (non-zero) port is already taken. */
    public static void checkPortsFree(Map<String, Integer> named) {
        List<String> taken = new ArrayList<>();
        named.forEach((name, port) -> {
            if (port != 0 && Ports.inUse(port)) {
                taken.add(name + " port " + port);
            }
        });
        if (!taken.isEmpty()) {
            throw new IllegalStateException("already in use: " + String.join(", ", taken)
                    + ". Stop whatever listens there or choose other ports (see README: BABYSEA_*_PORT variables).");
        }
    }

    /** Starts everything and waits until every service is ready. */
    public LocalStack start() {
        checkPortsFree(Map.of("kafka", config.kafkaPort(), "postgres", config.postgresPort(), "worker postgres",
                config.workerPostgresPort(), "api", config.apiPort(), "ledger", config.ledgerPort(), "router", config.routerPort(),
                "webhook", config.webhookPort(), "request bin", config.requestBinPort(), "console", config.consolePort()));
        ports.put("api-service", pick(config.apiPort()));
        ports.put(CONSOLE, pick(config.consolePort()));
        ports.put("ledger-service", pick(config.ledgerPort()));
        ports.put("router-service", pick(config.routerPort()));
        ports.put("webhook-service", pick(config.webhookPort()));

        removeStaleData(config.workDirectory());
        kafka = EmbeddedKafka.start(config.kafkaPort(), 4);
        long started = System.currentTimeMillis();
        postgresData.add(config.workDirectory().resolve("postgres-" + started));
        postgresData.add(config.workDirectory().resolve("postgres-workers-" + started));
        postgres = EmbeddedPostgresServer.startStoppedByOwner(config.postgresPort(), config.durablePostgres(), postgresData.get(0));
        // The pipeline workers' databases live in a second server at the workers' CPU priority: their PostgreSQL
        // backends then yield to the submit path too (in a cluster each service has its own database server).
        workerPostgres = EmbeddedPostgresServer.startStoppedByOwner(config.workerPostgresPort(), config.durablePostgres(), postgresData.get(1));
        workerPostgres.lowerPriority(workerNiceness());
        // output custody as in production: the router copies every output into S3 (here an in-JVM S3-compatible server)
        s3 = EmbeddedS3.start(0);
        requestBin = RequestBin.start(config.requestBinPort());

        Path logs = config.workDirectory().resolve("logs");
        for (String service : SERVICES) {
            String database = service.substring(0, service.indexOf('-'));
            String prefix = database.toUpperCase();
            Map<String, String> env = new HashMap<>(commonEnvironment());
            env.put(prefix + "_DB_URL", ("api-service".equals(service) ? postgres : workerPostgres).createDatabase(database));
            env.put(prefix + "_DB_USER", database);
            env.put(prefix + "_DB_PASSWORD", database);
            env.put(prefix + "_HTTP_PORT", String.valueOf(ports.get(service)));
            // The api gets a larger heap: a young generation collected every ~2 s under 300 submits/s (with 512 MB)
            // put a 5-60 ms pause in front of ~1 % of the submits; with 2 GB it is collected several times less often.
            boolean api = "api-service".equals(service);
            ServiceProcess process = ServiceProcess.start(service, config.serviceJar(service), ports.get(service), env, logs,
                    api ? "2g" : "512m", api ? 0 : workerNiceness());
            services.put(service, process);
        }
        services.put(CONSOLE, startConsole(logs));
        // A service starts in a few seconds on an idle machine; the bound is generous for a loaded CI box.
        for (ServiceProcess process : services.values()) {
            process.awaitReady(Duration.ofSeconds(300));
        }
        return this;
    }

    /**
     * The web console (its own origin, like in production): it serves the browser app and tells it to call this stack's
     * api-service, whose CORS origins name the console; outputs are previewed from the router's public URL. Its health
     * is on a separate management port, which is what readiness is polled on.
     */
    private ServiceProcess startConsole(Path logs) {
        int management = Ports.free();
        Map<String, String> env = new HashMap<>();
        env.put("CONSOLE_HTTP_PORT", String.valueOf(ports.get(CONSOLE)));
        env.put("CONSOLE_MANAGEMENT_PORT", String.valueOf(management));
        env.put("CONSOLE_API_BASE_URL", url("api-service"));
        env.put("CONSOLE_API_ORIGINS", "http://localhost:" + ports.get("api-service"));
        env.put("CONSOLE_MEDIA_ORIGINS", url("router-service"));
        return ServiceProcess.start(CONSOLE, config.serviceJar(CONSOLE), management, env, logs, "128m", 0);
    }

    /**
     * CPU priority of the pipeline workers (ledger, router, webhook) and of their PostgreSQL relative to api-service:
     * `nice` 19 by default (`BABYSEA_WORKER_NICE`, 0 turns it off). On one small machine the workers would otherwise
     * take CPU from the submit path whenever a burst queues up behind it; in a cluster they run in their own pods,
     * which is what this imitates. Idle time is still theirs, so throughput is unchanged when the API is not busy.
     */
    static int workerNiceness() {
        String value = System.getenv("BABYSEA_WORKER_NICE");
        if (value == null || value.isBlank()) {
            return 19;
        }
        try {
            return Math.max(0, Math.min(19, Integer.parseInt(value.trim())));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("BABYSEA_WORKER_NICE must be an integer 0-19, got '" + value + "'");
        }
    }

    private Map<String, String> commonEnvironment() {
        Map<String, String> env = new HashMap<>();
        // a local run on the well-known development tokens: the services' production guard (SecretsGuard) allows it
        env.put("BABYSEA_ALLOW_DEVELOPMENT_SECRETS", "true");
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("BABYSEA_INTERNAL_TOKEN", config.internalToken());
        env.put("BABYSEA_ADMIN_TOKEN", config.adminToken());
        env.put("BABYSEA_REGION", "us");
        env.put("LEDGER_URL", "http://127.0.0.1:" + ports.get("ledger-service"));
        env.put("ROUTER_URL", "http://127.0.0.1:" + ports.get("router-service"));
        env.put("WEBHOOK_URL", "http://127.0.0.1:" + ports.get("webhook-service"));
        env.put("API_URL", "http://127.0.0.1:" + ports.get("api-service"));
        // the console calls the API from the browser, from its own origin (either host name of this machine)
        env.put("API_CORS_ORIGINS", "http://127.0.0.1:" + ports.get(CONSOLE) + ",http://localhost:" + ports.get(CONSOLE));
        // Local mode: the simulator stands in for every provider without an API key, webhooks may target
        // loopback (the request bin), and outputs are served from this machine.
        env.put("ROUTER_SIMULATOR_STAND_IN", "true");
        env.put("ROUTER_SIMULATOR_LATENCY", config.simulatorLatencyMs() + "ms");
        env.put("ROUTER_SIMULATOR_FAILURE_RATE", String.valueOf(config.simulatorFailureRate()));
        env.put("ROUTER_PUBLIC_BASE_URL", "http://127.0.0.1:" + ports.get("router-service"));
        env.put("ROUTER_STORAGE_KIND", "s3");
        env.put("ROUTER_S3_ENDPOINT", s3.endpoint());
        env.put("ROUTER_S3_ACCESS_KEY", EmbeddedS3.ACCESS_KEY);
        env.put("ROUTER_S3_SECRET_KEY", EmbeddedS3.SECRET_KEY);
        env.put("WEBHOOK_ALLOW_LOOPBACK", "true");
        env.put("WEBHOOK_REQUIRE_HTTPS", "false");
        if (otlpEndpoint != null) {
            env.put("QUARKUS_OTEL_SDK_DISABLED", "false");
            env.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", otlpEndpoint);
            env.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf");
            // Locally someone is watching: export finished spans after half a second instead of the default 5 s.
            env.put("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "500ms");
        }
        return env;
    }

    private static int pick(int port) {
        return port == 0 ? Ports.free() : port;
    }

    /** The durability settings both PostgreSQL servers report, e.g. {@code fsync=on, synchronous_commit=on, full_page_writes=on}. */
    public Map<String, String> durabilitySettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String name : List.of("fsync", "synchronous_commit", "full_page_writes")) {
            String api = postgres.setting(name);
            String workers = workerPostgres.setting(name);
            settings.put(name, api.equals(workers) ? api : "api " + api + ", workers " + workers);
        }
        return settings;
    }

    /** One line for the launcher: whether a committed write survives a crash, as the servers report it. */
    public String durability() {
        Map<String, String> settings = durabilitySettings();
        boolean durable = settings.values().stream().allMatch("on"::equals);
        return (durable ? "durable" : "NOT durable (BABYSEA_DURABLE_POSTGRES=false)") + ": " + settings.toString().replaceAll("[{}]", "");
    }

    /** Base URL of a service or of the console, e.g. `http://127.0.0.1:8080`. */
    public String url(String service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    /** The request bin receiving the demo account's webhooks. */
    public RequestBin requestBin() {
        return requestBin;
    }

    /** The running process of a service. */
    ServiceProcess process(String service) {
        return services.get(service);
    }

    /** Kafka bootstrap servers of this stack. */
    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public StackConfig config() {
        return config;
    }

    /** Stops services (gracefully, then forcibly), then the bin, broker and database. Safe to call twice. */
    @Override
    public synchronized void close() {
        // All services shut down gracefully in parallel; stop() then waits for (or kills) each one.
        services.values().forEach(ServiceProcess::requestStop);
        for (ServiceProcess process : services.values()) {
            process.stop();
        }
        services.clear();
        if (requestBin != null) {
            requestBin.close();
            requestBin = null;
        }
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
        if (workerPostgres != null) {
            workerPostgres.close();
            workerPostgres = null;
        }
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
        // every start seeds fresh databases, so a stopped stack's data is of no further use (logs stay)
        postgresData.forEach(LocalStack::deleteTree);
        postgresData.clear();
    }

    /**
     * Deletes the PostgreSQL data directories ({@code postgres-*}) that a stack killed before its shutdown hook ran
     * left in the work directory (a few hundred MB each). A directory whose {@code postmaster.pid} names a live
     * process belongs to a running server (another stack in the same directory) and is kept.
     */
    static void removeStaleData(Path workDirectory) {
        if (!java.nio.file.Files.isDirectory(workDirectory)) {
            return;
        }
        try (var entries = java.nio.file.Files.list(workDirectory)) {
            entries.filter(dir -> dir.getFileName().toString().startsWith("postgres-") && java.nio.file.Files.isDirectory(dir))
                    .filter(dir -> !serverAlive(dir))
                    .forEach(LocalStack::deleteTree);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + workDirectory, e);
        }
    }

    private static boolean serverAlive(Path dataDirectory) {
        try {
            return EmbeddedPostgresServer.postmasterPid(dataDirectory).stream()
                    .anyMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        } catch (java.io.IOException | NumberFormatException e) {
            return true; // unreadable: keep it rather than delete a live server's data
        }
    }

    private static void deleteTree(Path root) {
        if (!java.nio.file.Files.exists(root)) {
            return;
        }
        try (var paths = java.nio.file.Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (java.io.IOException e) {
            System.err.println("could not delete " + root + ": " + e.getMessage());
        }
    }
}
