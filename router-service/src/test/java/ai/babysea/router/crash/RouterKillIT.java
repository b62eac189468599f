package ai.babysea.router.crash;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.contracts.Ids;
import ai.babysea.contracts.Topics;
import ai.babysea.contracts.events.GenerationAdmitted;
import ai.babysea.contracts.events.GenerationParameters;
import ai.babysea.contracts.events.GenerationSucceeded;
import ai.babysea.embedded.EmbeddedKafka;
import ai.babysea.embedded.EmbeddedPostgresServer;
import ai.babysea.testing.KafkaEvents;
import ai.babysea.embedded.Ports;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Crash safety with real processes, run by failsafe after `package` (so `./mvnw verify` runs it): two
 * packaged routers (`target/quarkus-app/quarkus-run.jar`) share the test JVM's broker and PostgreSQL and
 * call a Replicate-shaped HTTP stub in this JVM. The stub keeps every prediction `processing` until the
 * test releases it, so when the first router is SIGKILLed all generations are provably accepted by the
 * provider and none is finished. The second router takes the jobs over once the leases lapse and must
 * finish every one by polling the prediction the first one created: the stub counts submissions per
 * generation and must have seen exactly one each.
 */
class RouterKillIT {
    private static final int JOBS = 60;
    /** Bounds for a loaded 2-core CI machine: a boot under load can take a minute; nothing here is timed. */
    private static final Duration BOOT_AND_ACCEPT = Duration.ofMinutes(4);
    private static final Duration TAKEOVER_AND_FINISH = Duration.ofMinutes(5);

    private Process victim;
    private Process survivor;
    private ReplicateStub stub;
    private KafkaEvents events;

    @AfterEach
    void stop() {
        for (Process process : new Process[] {victim, survivor}) {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
        }
        if (stub != null) {
            stub.close();
        }
        if (events != null) {
            events.close();
        }
    }

    private Process router(String name, String jdbcUrl, String database) throws IOException {
        Path jar = Path.of(System.getProperty("router.jar", "target/quarkus-app/quarkus-run.jar"));
        assertTrue(Files.exists(jar), "the packaged router is missing at " + jar.toAbsolutePath()
                + "; this test runs in the integration-test phase, after package");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-Dbabysea.router.providers.replicate.base-url=" + stub.baseUrl(),
                // generous: the takeover on a starved machine must not turn into a timeout and a failover
                "-Dbabysea.router.worker.attempt-timeout-image=10m",
                "-Dbabysea.router.worker.lease-duration=4s",
                "-Dbabysea.router.worker.lease-renew-interval=1s",
                "-Dbabysea.router.worker.poll-interval=250ms",
                "-Dbabysea.router.worker.claim-interval=200ms",
                "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("ROUTER_HTTP_PORT", Integer.toString(Ports.free()));
        env.put("ROUTER_DB_URL", jdbcUrl);
        env.put("ROUTER_DB_USER", database);
        env.put("ROUTER_DB_PASSWORD", database);
        env.put("KAFKA_BOOTSTRAP_SERVERS", EmbeddedKafka.shared().bootstrapServers());
        env.put("REPLICATE_API_TOKEN", ReplicateStub.TOKEN);
        // the packaged jar runs the prod profile, which refuses the default service token unless told this run is local
        env.put("BABYSEA_ALLOW_DEVELOPMENT_SECRETS", "true");
        builder.redirectErrorStream(true).redirectOutput(new File("target/router-kill-" + name + ".log"));
        return builder.start();
    }

    private static long count(String jdbcUrl, String database, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, database, database);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void survivorFinishesTheKilledInstancesGenerationsByPollingWithoutResubmitting() throws Exception {
        stub = new ReplicateStub();
        String database = "router_kill_" + Long.toHexString(System.nanoTime() & 0xffffff);
        String jdbcUrl = EmbeddedPostgresServer.shared().createDatabase(database);
        victim = router("victim", jdbcUrl, database);

        Set<String> generations = ConcurrentHashMap.newKeySet();
        events = new KafkaEvents(EmbeddedKafka.shared().bootstrapServers(), Topics.GENERATION_EVENTS);
        for (int i = 0; i < JOBS; i++) {
            String id = Ids.uuidV7().toString();
            generations.add(id);
            // the prompt carries the generation id so the stub can count submissions per generation
            events.publish(new GenerationAdmitted(id, "acct-kill", "bfl/flux-schnell", "image",
                    new GenerationParameters(ReplicateStub.PROMPT_PREFIX + id, "1:1", "png", 1, List.of(), null, null, null, Map.of()),
                    List.of("replicate"), false, 5_000, "reserve-" + id, Instant.now()));
        }

        // The victim alone consumes, leases and submits everything; the provider holds every prediction open.
        await().atMost(BOOT_AND_ACCEPT).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() ->
                count(jdbcUrl, database, "SELECT count(*) FROM jobs WHERE state = 'running' AND attempt_phase = 'running'") == JOBS);
        assertTrue(victim.isAlive(), "the victim is still running when it is killed");
        long leaseOwners = count(jdbcUrl, database, "SELECT count(DISTINCT lease_owner) FROM jobs WHERE lease_owner IS NOT NULL");
        victim.destroyForcibly(); // SIGKILL: no shutdown hook, no lease hand-back
        victim.waitFor();
        int submissionsAtKill = stub.totalSubmissions();
        int finishedAtKill = stub.succeededAnswers();
        stub.release();

        survivor = router("survivor", jdbcUrl, database);
        await().atMost(TAKEOVER_AND_FINISH).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() ->
                count(jdbcUrl, database, "SELECT count(*) FROM jobs WHERE state IN ('succeeded', 'failed', 'canceled')") == JOBS);

        // the victim really had every generation in flight at the provider, and none finished
        assertEquals(JOBS, submissionsAtKill, "every generation was submitted by the victim before the kill");
        assertEquals(0, finishedAtKill, "no prediction had finished when the victim was killed");
        assertEquals(1, leaseOwners, "one instance (the victim) held every lease at the kill");
        // at the provider: exactly one submission per generation, ever
        assertEquals(generations, stub.submissions().keySet(), "the stub saw exactly our generations");
        stub.submissions().forEach((generation, submissions) ->
                assertEquals(1, submissions.get(), "submissions to the provider for generation " + generation));
        // every prediction was finished by polling it after the kill, i.e. by the survivor
        assertEquals(JOBS, stub.predictionsReportedSucceeded(), "every prediction was polled to success after the kill");
        // in the router: every generation succeeded on its first and only attempt
        assertEquals(JOBS, count(jdbcUrl, database, "SELECT count(*) FROM jobs WHERE state = 'succeeded'"), "every generation succeeded");
        assertEquals(JOBS, count(jdbcUrl, database,
                "SELECT count(*) FROM attempts WHERE attempt = 1 AND provider = 'replicate' AND outcome = 'succeeded'"));
        assertEquals(JOBS, count(jdbcUrl, database, "SELECT count(*) FROM attempts"), "no further attempt was made");
        // and announced it (the relay may repeat an event after a crash; consumers dedupe by event id)
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250)).until(() ->
                events.seen(GenerationSucceeded.class, e -> true).stream().map(GenerationSucceeded::generationId)
                        .collect(Collectors.toSet()).equals(generations));
        System.out.printf("%nKILL TEST: %d generations accepted by the provider and 0 finished when the victim was SIGKILLed; "
                + "the survivor finished all %d by polling; provider submissions: %d%n%n", submissionsAtKill, JOBS, stub.totalSubmissions());
    }

    /**
     * The Replicate predictions API as the adapter uses it (create, poll, output file, cancel), holding every
     * prediction in `processing` until {@link #release()}; it counts create calls per generation (from the prompt).
     */
    static final class ReplicateStub implements AutoCloseable {
        static final String TOKEN = "r8_kill_test";
        static final String PROMPT_PREFIX = "seal ";
        // a 1x1 PNG
        private static final byte[] PNG = Base64.getDecoder().decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
        private static final ObjectMapper JSON = new ObjectMapper();

        private final HttpServer server;
        private final ExecutorService executor = Executors.newFixedThreadPool(4);
        private final Map<String, AtomicInteger> submissions = new ConcurrentHashMap<>();
        private final Map<String, String> generationByPrediction = new ConcurrentHashMap<>();
        private final Set<String> reportedSucceeded = ConcurrentHashMap.newKeySet();
        private final AtomicInteger succeededAnswers = new AtomicInteger();
        private final AtomicBoolean released = new AtomicBoolean();

        ReplicateStub() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
            server.createContext("/", this::handle);
            server.setExecutor(executor);
            server.start();
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        void release() {
            released.set(true);
        }

        Map<String, AtomicInteger> submissions() {
            return submissions;
        }

        int totalSubmissions() {
            return submissions.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        int succeededAnswers() {
            return succeededAnswers.get();
        }

        int predictionsReportedSucceeded() {
            return reportedSucceeded.size();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String method = exchange.getRequestMethod();
                String path = exchange.getRequestURI().getPath();
                if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization")) && !path.startsWith("/files/")) {
                    respond(exchange, 401, "application/json", "{\"detail\":\"Unauthenticated\"}".getBytes(StandardCharsets.UTF_8));
                } else if (method.equals("POST") && path.equals("/v1/models/black-forest-labs/flux-schnell/predictions")) {
                    JsonNode body = JSON.readTree(exchange.getRequestBody());
                    String prompt = body.path("input").path("prompt").asText("");
                    if (!prompt.startsWith(PROMPT_PREFIX)) {
                        respond(exchange, 422, "application/json", "{\"detail\":\"unexpected prompt\"}".getBytes(StandardCharsets.UTF_8));
                        return;
                    }
                    String generation = prompt.substring(PROMPT_PREFIX.length());
                    submissions.computeIfAbsent(generation, g -> new AtomicInteger()).incrementAndGet();
                    String id = "kill" + UUID.randomUUID().toString().replace("-", "");
                    generationByPrediction.put(id, generation);
                    respond(exchange, 201, "application/json", prediction(id, "starting"));
                } else if (method.equals("GET") && path.startsWith("/v1/predictions/")) {
                    String id = path.substring("/v1/predictions/".length());
                    if (!generationByPrediction.containsKey(id)) {
                        respond(exchange, 404, "application/json", "{\"detail\":\"Not found.\"}".getBytes(StandardCharsets.UTF_8));
                    } else if (released.get()) {
                        succeededAnswers.incrementAndGet();
                        reportedSucceeded.add(id);
                        respond(exchange, 200, "application/json", prediction(id, "succeeded"));
                    } else {
                        respond(exchange, 200, "application/json", prediction(id, "processing"));
                    }
                } else if (method.equals("GET") && path.startsWith("/files/")) {
                    respond(exchange, 200, "image/png", PNG);
                } else {
                    respond(exchange, 404, "application/json", "{\"detail\":\"Not found.\"}".getBytes(StandardCharsets.UTF_8));
                }
            }
        }

        private byte[] prediction(String id, String status) throws IOException {
            var node = JSON.createObjectNode().put("id", id).put("model", "black-forest-labs/flux-schnell").put("status", status);
            if (status.equals("succeeded")) {
                node.putArray("output").add(baseUrl() + "/files/" + id + ".png");
                node.putObject("metrics").put("predict_time", 1.5);
            }
            return JSON.writeValueAsBytes(node);
        }

        private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
