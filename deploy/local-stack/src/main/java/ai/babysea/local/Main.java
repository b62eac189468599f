package ai.babysea.local;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * `java -jar deploy/local-stack/target/local-stack.jar`: starts the local stack, seeds a demo
 * account, prints a working `curl`, and stops everything on Ctrl-C.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        StackConfig config = new StackConfig(
                repoRoot(),
                Path.of(env("BABYSEA_LOCAL_DIR", ".local-stack")).toAbsolutePath(),
                intEnv("BABYSEA_KAFKA_PORT", 9092),
                intEnv("BABYSEA_POSTGRES_PORT", 15432),
                intEnv("BABYSEA_WORKER_POSTGRES_PORT", 15433),
                intEnv("BABYSEA_API_PORT", 8080),
                intEnv("BABYSEA_LEDGER_PORT", 8081),
                intEnv("BABYSEA_ROUTER_PORT", 8082),
                intEnv("BABYSEA_WEBHOOK_PORT", 8083),
                intEnv("BABYSEA_REQUEST_BIN_PORT", 8089),
                intEnv("BABYSEA_SIMULATOR_LATENCY_MS", 1500),
                Double.parseDouble(env("BABYSEA_SIMULATOR_FAILURE_RATE", "0")),
                Boolean.parseBoolean(env("BABYSEA_DURABLE_POSTGRES", "true")),
                env("BABYSEA_INTERNAL_TOKEN", "local-internal-token"),
                env("BABYSEA_ADMIN_TOKEN", "local-admin-token"));
        System.out.println("Starting BabySea locally (Kafka :" + config.kafkaPort() + ", PostgreSQL :" + config.postgresPort() + " (api) and :"
                + config.workerPostgresPort() + " (ledger, router, webhook)"
                + ", api :" + config.apiPort() + "); logs in " + config.workDirectory().resolve("logs"));
        LocalStack stack = new LocalStack(config);
        // Tracing stays off unless an OTLP/HTTP collector is named (e.g. Jaeger's http://127.0.0.1:4318).
        String otlpEndpoint = env("BABYSEA_OTLP_ENDPOINT", "");
        if (!otlpEndpoint.isEmpty()) {
            stack.exportTracesTo(otlpEndpoint);
            System.out.println("Traces go to " + otlpEndpoint + " (OTLP over HTTP, protobuf).");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping BabySea...");
            stack.close();
            stopped.countDown();
            System.out.println("Stopped.");
        }, "local-stack-stop"));
        try {
            stack.start();
        } catch (RuntimeException e) {
            System.err.println("BabySea did not start: " + e.getMessage());
            System.exit(1);
        }
        DemoSeeder.Demo demo = new DemoSeeder(stack).seed();
        System.out.println();
        System.out.println("BabySea is running. Demo account " + demo.accountId() + " has " + demo.credits() + " credits.");
        System.out.println("API key (Full Access): " + demo.apiKey());
        System.out.println("Webhooks of this account go to the request bin: " + stack.requestBin().url() + " (GET it to see them),");
        System.out.println("signed with " + demo.webhookSecret() + " (X-BabySea-Signature: t=<unix>,v1=HMAC-SHA256(secret, t.body))");
        System.out.println();
        System.out.println("Try it:");
        System.out.println("  curl -s -X POST " + stack.url("api-service") + "/v1/generate/image/bfl/flux-schnell \\");
        System.out.println("    -H 'Authorization: Bearer " + demo.apiKey() + "' -H 'Content-Type: application/json' \\");
        System.out.println("    -d '{\"generation_prompt\":\"a baby seal on an ice floe\",\"generation_ratio\":\"16:9\"}'");
        System.out.println("Then poll: curl -s " + stack.url("api-service") + "/v1/content/<generation_id> -H 'Authorization: Bearer "
                + demo.apiKey() + "'");
        System.out.println();
        System.out.println("Press Ctrl-C to stop everything.");
        stopped.await();
    }

    private static Path repoRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (dir.resolve("mvnw").toFile().isFile() && dir.resolve("api-service").toFile().isDirectory()) {
                return dir;
            }
        }
        throw new IllegalStateException("run from inside the BabySea checkout (no mvnw + api-service found above " + here + ")");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static int intEnv(String name, int fallback) {
        return Integer.parseInt(env(name, String.valueOf(fallback)));
    }
}
