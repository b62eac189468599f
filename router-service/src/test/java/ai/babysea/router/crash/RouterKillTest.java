package ai.babysea.router.crash;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.contracts.Ids;
import ai.babysea.contracts.Topics;
import ai.babysea.contracts.events.EventEnvelope;
import ai.babysea.contracts.events.GenerationAdmitted;
import ai.babysea.contracts.events.GenerationParameters;
import ai.babysea.testing.EmbeddedKafka;
import ai.babysea.testing.EmbeddedPostgresServer;
import ai.babysea.testing.Ports;
import java.io.File;
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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Crash safety with real processes: two packaged routers (`target/quarkus-app/quarkus-run.jar`, so run
 * `package` first; see README) share one broker and database; one is SIGKILLed while it drives in-flight
 * generations; the survivor takes its jobs over once the leases lapse and finishes every generation,
 * and no generation is ever submitted twice to the same provider. Tagged `process`: not in the normal suite.
 */
@Tag("process")
class RouterKillTest {
    private static final int JOBS = 60;
    private Process victim;
    private Process survivor;

    @AfterEach
    void stop() {
        for (Process process : new Process[] {victim, survivor}) {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    private static Process router(String name, String jdbcUrl, String database, int port) throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(jar), "package the router first: ./mvnw -pl router-service package -DskipTests");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-jar", jar.toString());
        Map<String, String> env = builder.environment();
        env.put("ROUTER_HTTP_PORT", Integer.toString(port));
        env.put("ROUTER_DB_URL", jdbcUrl);
        env.put("ROUTER_DB_USER", database);
        env.put("ROUTER_DB_PASSWORD", database);
        env.put("KAFKA_BOOTSTRAP_SERVERS", EmbeddedKafka.shared().bootstrapServers());
        env.put("ROUTER_SIMULATOR_STAND_IN", "true");
        // the packaged jar runs the prod profile, which refuses the default service token unless told this run is local
        env.put("BABYSEA_ALLOW_DEVELOPMENT_SECRETS", "true");
        env.put("ROUTER_SIMULATOR_LATENCY", "4s");
        env.put("BABYSEA_ROUTER_WORKER_LEASE_DURATION", "4s");
        env.put("BABYSEA_ROUTER_WORKER_LEASE_RENEW_INTERVAL", "1s");
        env.put("BABYSEA_ROUTER_WORKER_POLL_INTERVAL", "250ms");
        env.put("BABYSEA_ROUTER_WORKER_CLAIM_INTERVAL", "200ms");
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
    void survivorFinishesTheKilledInstancesGenerationsWithoutResubmitting() throws Exception {
        String database = "router_kill_" + Long.toHexString(System.nanoTime() & 0xffffff);
        String jdbcUrl = EmbeddedPostgresServer.shared().createDatabase(database);
        victim = router("victim", jdbcUrl, database, Ports.free());
        // The victim alone consumes and leases the jobs; the survivor starts after it took them.
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> count(jdbcUrl, database, "SELECT count(*) FROM flyway_schema_history") > 0);

        Properties props = new Properties();
        props.put("bootstrap.servers", EmbeddedKafka.shared().bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < JOBS; i++) {
                String id = Ids.uuidV7().toString();
                EventEnvelope envelope = EventEnvelope.wrap(new GenerationAdmitted(id, "acct-kill", "bfl/flux-schnell", "image",
                        new GenerationParameters("seal " + i, "1:1", "png", 1, List.of(), null, null, null, Map.of()),
                        List.of("bfl", "replicate"), false, 5_000, "reserve-" + id, Instant.now()));
                ProducerRecord<String, String> record = new ProducerRecord<>(Topics.GENERATION_DISPATCH, id, envelope.toJson());
                record.headers().add(Topics.HEADER_EVENT_ID, envelope.eventId().getBytes(StandardCharsets.UTF_8));
                record.headers().add(Topics.HEADER_EVENT_TYPE, envelope.eventType().getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
            producer.flush();
        }
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() ->
                count(jdbcUrl, database, "SELECT count(*) FROM jobs WHERE state = 'running' AND attempt_phase = 'running'") >= JOBS / 2);
        long runningAtKill = count(jdbcUrl, database, "SELECT count(*) FROM jobs WHERE state = 'running'");
        long acceptedAtKill = count(jdbcUrl, database, "SELECT count(*) FROM jobs WHERE state = 'running' AND attempt_phase = 'running'");
        long doneAtKill = count(jdbcUrl, database, "SELECT count(*) FROM jobs WHERE state = 'succeeded'");
        victim.destroyForcibly(); // SIGKILL: no shutdown hook, no lease hand-back
        victim.waitFor();

        survivor = router("survivor", jdbcUrl, database, Ports.free());
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() ->
                count(jdbcUrl, database, "SELECT count(*) FROM jobs WHERE state = 'succeeded'") == JOBS);

        assertTrue(runningAtKill > 0, "some generations were in flight when the instance was killed");
        assertTrue(doneAtKill < JOBS, "the victim had not finished everything");
        assertEquals(0, count(jdbcUrl, database,
                "SELECT count(*) FROM (SELECT generation_id, provider FROM attempts GROUP BY 1, 2 HAVING count(*) > 1) twice"),
                "no generation was submitted twice to one provider");
        assertEquals(0, count(jdbcUrl, database, "SELECT count(*) FROM jobs WHERE state <> 'succeeded'"));
        // every prediction the victim had running was finished by polling it: its first attempt is the one that succeeded
        assertTrue(count(jdbcUrl, database, "SELECT count(*) FROM attempts WHERE attempt = 1 AND outcome = 'succeeded'") >= acceptedAtKill);
        System.out.printf("%nKILL TEST: %d running (%d accepted by the provider) and %d succeeded when the victim was SIGKILLed; "
                + "the survivor finished all %d; attempts written off as abandoned: %d%n%n", runningAtKill, acceptedAtKill, doneAtKill, JOBS,
                count(jdbcUrl, database, "SELECT count(*) FROM attempts WHERE outcome = 'abandoned'"));
    }
}
