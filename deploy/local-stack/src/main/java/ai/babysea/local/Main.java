package ai.babysea.local;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * `java -jar deploy/local-stack/target/local-stack.jar`: starts the local stack, seeds a demo
 * account, prints a working `curl` and the console's URL, and stops everything on Ctrl-C.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        StackConfig config = StackConfig.fromEnvironment(repoRoot(), System::getenv);
        System.out.println("Starting BabySea locally (Kafka :" + config.kafkaPort() + ", PostgreSQL :" + config.postgresPort() + " (api) and :"
                + config.workerPostgresPort() + " (ledger, router, webhook)"
                + ", api :" + config.apiPort() + ", console :" + config.consolePort() + "); logs in " + config.workDirectory().resolve("logs"));
        LocalStack stack = new LocalStack(config);
        // Tracing stays off unless an OTLP/HTTP collector is named (e.g. Jaeger's http://127.0.0.1:4318).
        String otlpEndpoint = System.getenv().getOrDefault("BABYSEA_OTLP_ENDPOINT", "").trim();
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
        System.out.println("PostgreSQL " + stack.durability());
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
        System.out.println("Or open the console (playground and dashboard): " + stack.url(LocalStack.CONSOLE)
                + " and sign in with the API key above (operator pages: the admin token, BABYSEA_ADMIN_TOKEN).");
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
}
