package ai.babysea.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The chaos run's restarts keep their data, as a real server's do: PostgreSQL SIGKILLed and started again on its data
 * directory and port (no initdb; crash recovery brings back every committed row), and a broker restarted on its log
 * directory (records and a consumer group's committed offset are still there).
 */
class RestartTest {

    @Test
    void aKilledPostgresComesBackOnItsPortWithEveryCommittedRow() throws Exception {
        Path data = Files.createTempDirectory("babysea-restart-pg");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.startStoppedByOwner(0, true, data)) {
            String url = server.createDatabase("restart");
            try (Connection connection = DriverManager.getConnection(url, "restart", "restart");
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE facts (id int PRIMARY KEY)");
                statement.execute("INSERT INTO facts SELECT generate_series(1, 100)");
            }
            Connection open = DriverManager.getConnection(url, "restart", "restart");
            long pid = EmbeddedPostgresServer.postmasterPid(data).orElseThrow();

            server.kill();
            assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "the postmaster is gone");
            SQLException broken = assertThrows(SQLException.class, () -> open.createStatement().execute("SELECT 1"));
            // a lost connection (class 08), or the server's own goodbye when a backend saw it go first (57P01-57P03)
            assertTrue(broken.getSQLState().startsWith("08") || broken.getSQLState().matches("57P0[1-3]"), broken.getSQLState());
            assertThrows(SQLException.class, () -> DriverManager.getConnection(url, "restart", "restart"), "refused while down");

            server.restart();
            assertEquals(url, server.jdbcUrl("restart"), "same port");
            try (Connection connection = DriverManager.getConnection(url, "restart", "restart");
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM facts")) {
                rows.next();
                assertEquals(100, rows.getLong(1));
            }
            open.close();
        }
    }

    @Test
    void aRestartedBrokerKeepsItsRecordsAndCommittedOffsets() throws Exception {
        Path logs = Files.createTempDirectory("babysea-restart-kafka");
        try (EmbeddedKafka kafka = EmbeddedKafka.startRestartable(0, 1, logs)) {
            String servers = kafka.bootstrapServers();
            TopicPartition partition = new TopicPartition("restart.test", 0);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", servers, "acks", "all"),
                    new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>(partition.topic(), "k", "v" + i)).get();
                }
            }
            try (KafkaConsumer<String, String> consumer = consumer(servers)) {
                consumer.commitSync(Map.of(partition, new OffsetAndMetadata(4)));
            }

            kafka.restart();
            assertEquals(servers, kafka.bootstrapServers(), "same port");
            try (KafkaConsumer<String, String> consumer = consumer(servers)) {
                assertEquals(4, consumer.committed(java.util.Set.of(partition), Duration.ofSeconds(60)).get(partition).offset());
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                List<String> values = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (values.size() < 10 && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                        values.add(record.value());
                    }
                }
                assertEquals(List.of("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9"), values);
            }
        }
        assertTrue(!Files.exists(logs), "close deletes the log directory it owns");
    }

    private static KafkaConsumer<String, String> consumer(String servers) {
        Properties props = new Properties();
        props.put("bootstrap.servers", servers);
        props.put("group.id", "restart-test");
        props.put("enable.auto.commit", "false");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }
}
