package ai.babysea.testing;

import ai.babysea.contracts.Topics;
import ai.babysea.contracts.events.DomainEvent;
import ai.babysea.contracts.events.EventEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Test client for the event topics: publishes envelopes exactly as the outbox relay does (key,
 * headers) and records everything that appears on the watched topics.
 */
public final class KafkaEvents implements AutoCloseable {
    private final KafkaProducer<String, String> producer;
    private final List<EventEnvelope> seen = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;

    /** Connects and starts recording the given topics from their beginning. */
    public KafkaEvents(String bootstrapServers, String... watchedTopics) {
        Properties producerProps = new Properties();
        producerProps.put("bootstrap.servers", bootstrapServers);
        producerProps.put("acks", "all");
        producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer());
        Properties consumerProps = new Properties();
        consumerProps.put("bootstrap.servers", bootstrapServers);
        consumerProps.put("group.id", "test-observer-" + UUID.randomUUID());
        consumerProps.put("auto.offset.reset", "earliest");
        consumerProps.put("enable.auto.commit", "false");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(watchedTopics));
        poller = new Thread(() -> {
            try (consumer) {
                while (running) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                        seen.add(EventEnvelope.parse(record.value()));
                    }
                }
            }
        }, "kafka-events-observer");
        poller.setDaemon(true);
        poller.start();
    }

    /** Publishes an event in a fresh envelope; returns the envelope. */
    public EventEnvelope publish(DomainEvent event) {
        EventEnvelope envelope = EventEnvelope.wrap(event);
        publish(envelope);
        return envelope;
    }

    /** Publishes a prepared envelope (to simulate redelivery, publish the same envelope twice). */
    public void publish(EventEnvelope envelope) {
        ProducerRecord<String, String> record = new ProducerRecord<>(envelope.type().topic(), envelope.aggregateId(), envelope.toJson());
        record.headers().add(Topics.HEADER_EVENT_ID, envelope.eventId().getBytes(StandardCharsets.UTF_8));
        record.headers().add(Topics.HEADER_EVENT_TYPE, envelope.eventType().getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("publish failed", e);
        }
    }

    /** Publishes a raw value (e.g. a malformed record). */
    public void publishRaw(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("publish failed", e);
        }
    }

    /** Every recorded envelope so far. */
    public List<EventEnvelope> seen() {
        return new ArrayList<>(seen);
    }

    /** Recorded payloads of one type that match. */
    public <T extends DomainEvent> List<T> seen(Class<T> type, Predicate<T> filter) {
        List<T> matches = new ArrayList<>();
        for (EventEnvelope envelope : seen) {
            DomainEvent event = envelope.decode();
            if (type.isInstance(event) && filter.test(type.cast(event))) {
                matches.add(type.cast(event));
            }
        }
        return matches;
    }

    @Override
    public void close() {
        running = false;
        try {
            poller.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(2));
    }
}
