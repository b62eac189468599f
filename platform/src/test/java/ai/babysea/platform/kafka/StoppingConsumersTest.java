package ai.babysea.platform.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.commit.KafkaCommitHandler;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A consumer that fails while its application stops (its datasource is closing) must not send the record to the
 * dead-letter topic, park it or commit it: the next instance of the consumer group receives it again.
 */
class StoppingConsumersTest {
    private static final String EVENT = "{\"event_id\":\"e-1\",\"event_type\":\"generation.started\",\"aggregate_id\":\"g-1\","
            + "\"occurred_at\":\"2026-12-06T00:00:00Z\",\"payload\":{}}";

    @AfterEach
    void running() {
        Stopping.set(false);
    }

    @Test
    void aFailureWhileRunningIsRetriedThenGoesToTheDeadLetterQueue() {
        AtomicInteger attempts = new AtomicInteger();
        IllegalStateException failure = new IllegalStateException("serialization conflict");
        assertSame(failure, assertThrows(IllegalStateException.class, () -> Redelivery.handle("test", EVENT, envelope -> {
            attempts.incrementAndGet();
            throw failure;
        })));
        assertEquals(Redelivery.MAX_ATTEMPTS, attempts.get());

        Recorder deadLetters = new Recorder();
        Acks acks = new Acks();
        AtomicInteger left = new AtomicInteger();
        KafkaFailureHandler strategy = new DeadLetterUnlessStopping.Handler("test", deadLetters, Stopping::now, left::incrementAndGet);
        strategy.handle(record(acks), failure, Metadata.empty()).await().indefinitely();
        assertEquals(1, deadLetters.handled.size(), "while running, a record that still fails is dead-lettered");
        assertEquals(0, left.get());
    }

    @Test
    void aFailureWhileStoppingIsNotRetriedNotDeadLetteredAndNotCommitted() {
        Stopping.set(true);
        AtomicInteger attempts = new AtomicInteger();
        IllegalStateException closed = new IllegalStateException("datasource closed");
        assertSame(closed, assertThrows(IllegalStateException.class, () -> Redelivery.handle("test", EVENT, envelope -> {
            attempts.incrementAndGet();
            throw closed;
        })));
        assertEquals(1, attempts.get(), "no retry while stopping: the backoff would only delay the shutdown");

        Recorder deadLetters = new Recorder();
        Acks acks = new Acks();
        AtomicInteger left = new AtomicInteger();
        KafkaFailureHandler strategy = new DeadLetterUnlessStopping.Handler("test", deadLetters, Stopping::now, left::incrementAndGet);
        strategy.handle(record(acks), closed, Metadata.empty()).await().indefinitely();
        assertTrue(deadLetters.handled.isEmpty(), "nothing reaches the dead-letter topic");
        assertEquals(0, acks.count.get(), "the record is not acknowledged, so its offset is not committed");
        assertEquals(1, left.get(), "counted (babysea.kafka.records.left.uncommitted)");
    }

    @Test
    void aBatchFailingWhileStoppingIsNotReappliedOneByOne() {
        Stopping.set(true);
        AtomicInteger batches = new AtomicInteger();
        AtomicInteger singles = new AtomicInteger();
        TopicPartition partition = new TopicPartition("generation.events", 0);
        List<ConsumerRecord<String, String>> list = List.of(new ConsumerRecord<>("generation.events", 0, 7, "g-1", EVENT),
                new ConsumerRecord<>("generation.events", 0, 8, "g-1", EVENT.replace("e-1", "e-2")));
        ConsumerRecords<String, String> records = new ConsumerRecords<>(Map.of(partition, list));
        assertThrows(IllegalStateException.class, () -> Redelivery.handleBatch("test", records, envelopes -> {
            batches.incrementAndGet();
            throw new IllegalStateException("datasource closed");
        }, envelope -> singles.incrementAndGet()));
        assertEquals(1, batches.get());
        assertEquals(0, singles.get(), "while stopping, the batch is handed back whole and untouched");
    }

    @Test
    void theStartOfTheApplicationClearsTheFlag() {
        Stopping stopping = new Stopping();
        stopping.stopping(null);
        assertTrue(Stopping.now());
        stopping.started(null);
        assertEquals(false, Stopping.now());
    }

    private static IncomingKafkaRecord<String, String> record(Acks acks) {
        return new IncomingKafkaRecord<>(new ConsumerRecord<>("generation.events", 0, 7, "g-1", EVENT), "test", -1, acks, null,
                false, false);
    }

    /** A stand-in for the connector's dead-letter queue that records what it was given. */
    private static final class Recorder implements KafkaFailureHandler {
        final List<Throwable> handled = new ArrayList<>();

        @Override
        public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
            handled.add(reason);
            return Uni.createFrom().voidItem();
        }
    }

    /** The channel's commit strategy: counts acknowledged records. */
    private static final class Acks implements KafkaCommitHandler {
        final AtomicInteger count = new AtomicInteger();

        @Override
        public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record) {
            count.incrementAndGet();
            return Uni.createFrom().voidItem();
        }
    }
}
