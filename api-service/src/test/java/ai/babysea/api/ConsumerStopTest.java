package ai.babysea.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.contracts.Topics;
import ai.babysea.platform.kafka.DeadLetterUnlessStopping;
import ai.babysea.platform.kafka.Stopping;
import ai.babysea.embedded.EmbeddedKafka;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Wiring of the consumers' failure strategy on a real channel (the api's {@code generation-events}, in-JVM broker):
 * while the api runs, a record its consumer cannot apply goes to {@code api-service.generation.events.dlq}; while the
 * api is stopping, the same failure leaves the record out of the dead-letter topic and its offset uncommitted, so
 * the next instance of the group receives it again.
 *
 * <p>Its own application instance (a profile): the record left unacknowledged holds the channel's commits until that
 * instance stops, and after 60 s the connector would report the channel unhealthy; the other test classes must not
 * share that instance.
 */
@QuarkusTest
@TestProfile(ConsumerStopTest.OwnInstance.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "api"))
@WithTestResource(StubServices.class)
@WithTestResource(EmbeddedRedis.class)
class ConsumerStopTest {
    private static final String DLQ = "api-service.generation.events.dlq";

    /** Commits every 200 ms, so that a commit that would pass the record happens within the test's wait. */
    public static class OwnInstance implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.incoming.generation-events.auto.commit.interval.ms", "200");
        }
    }

    @Inject
    MeterRegistry meters;

    @AfterEach
    void running() {
        Stopping.set(false);
    }

    @Test
    void aRecordFailingWhileTheApiStopsStaysUncommittedInsteadOfGoingToTheDeadLetterTopic() throws Exception {
        String bootstrap = EmbeddedKafka.shared().bootstrapServers();
        try (KafkaProducer<String, String> producer = producer(bootstrap); KafkaConsumer<String, String> dlq = dlqReader(bootstrap);
                Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            // Running: the malformed record is dead-lettered, nothing is left uncommitted.
            String runningKey = "running-" + UUID.randomUUID();
            send(producer, runningKey, "{not an event");
            List<ConsumerRecord<String, String>> dead = new ArrayList<>();
            await("the malformed record in " + DLQ).atMost(Duration.ofSeconds(60)).until(() -> {
                dlq.poll(Duration.ofMillis(200)).forEach(dead::add);
                return dead.stream().anyMatch(r -> runningKey.equals(r.key()));
            });
            assertEquals(0.0, leftUncommitted());

            // Stopping: the same failure is counted as left uncommitted, and neither reaches the dead-letter topic
            // nor lets the group's committed offset pass the record, even after later records of its partition.
            Stopping.set(true);
            String stoppingKey = "stopping-" + UUID.randomUUID();
            RecordMetadata poison = send(producer, stoppingKey, "{not an event either");
            RecordMetadata after = send(producer, stoppingKey, "{\"event_id\":\"" + UUID.randomUUID()
                    + "\",\"event_type\":\"generation.unknown-to-this-build\",\"aggregate_id\":\"" + stoppingKey
                    + "\",\"schema_version\":1,\"occurred_at\":\"2026-12-06T00:00:00Z\",\"payload\":{}}");
            assertEquals(poison.partition(), after.partition());
            await("the failure counted as " + DeadLetterUnlessStopping.LEFT_UNCOMMITTED).atMost(Duration.ofSeconds(30))
                    .until(() -> leftUncommitted() >= 1.0);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3); // 15 commit intervals of this profile
            while (System.nanoTime() < until) {
                dlq.poll(Duration.ofMillis(200)).forEach(dead::add);
            }
            assertTrue(dead.stream().noneMatch(r -> stoppingKey.equals(r.key())), "nothing of it in " + DLQ);
            TopicPartition partition = new TopicPartition(Topics.GENERATION_EVENTS, poison.partition());
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets("api-service").partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS).get(partition);
            assertTrue(committed == null || committed.offset() <= poison.offset(), "the group's committed offset "
                    + (committed == null ? "none" : committed.offset()) + " must not pass the record at " + poison.offset());
        }
    }

    private double leftUncommitted() {
        var counter = meters.find(DeadLetterUnlessStopping.LEFT_UNCOMMITTED).tag("channel", "generation-events").counter();
        return counter == null ? 0.0 : counter.count();
    }

    private static RecordMetadata send(KafkaProducer<String, String> producer, String key, String value) throws Exception {
        return producer.send(new ProducerRecord<>(Topics.GENERATION_EVENTS, key, value)).get(10, TimeUnit.SECONDS);
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("acks", "all");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> dlqReader(String bootstrap) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("group.id", "test-dlq-" + UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        props.put("enable.auto.commit", "false");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(DLQ));
        return consumer;
    }
}
