package ai.babysea.platform.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A consumer whose database restarts must wait for it, not give its records up: a restart outlasts the attempt bound
 * of a record (5 attempts over about 3 s), and a record dead-lettered for it would never reach the consumer again.
 */
class DatabaseOutageConsumersTest {
    private static final String EVENT = "{\"event_id\":\"e-1\",\"event_type\":\"generation.started\",\"aggregate_id\":\"g-1\","
            + "\"occurred_at\":\"2026-12-06T00:00:00Z\",\"payload\":{}}";
    /** More failures than {@link Redelivery#MAX_ATTEMPTS}: the database is down longer than the record's attempts last. */
    private static final int OUTAGE_FAILURES = Redelivery.MAX_ATTEMPTS + 1;

    @AfterEach
    void running() {
        Stopping.set(false);
    }

    @Test
    void aRecordIsAppliedOnceTheDatabaseIsBackHoweverManyTriesItTook() {
        AtomicInteger calls = new AtomicInteger();
        Redelivery.handle("test", EVENT, envelope -> {
            if (calls.incrementAndGet() <= OUTAGE_FAILURES) {
                throw refused();
            }
        });
        assertEquals(OUTAGE_FAILURES + 1, calls.get());
    }

    @Test
    void aFailureOfTheRecordStillEndsAfterItsAttempts() {
        AtomicInteger calls = new AtomicInteger();
        assertThrows(IllegalStateException.class, () -> Redelivery.handle("test", EVENT, envelope -> {
            calls.incrementAndGet();
            throw new IllegalStateException("check violation", new SQLException("new row violates check constraint", "23514"));
        }));
        assertEquals(Redelivery.MAX_ATTEMPTS, calls.get());
    }

    @Test
    void aBatchWaitsForTheDatabaseAsAWholeInsteadOfFallingApartIntoSingles() {
        AtomicInteger batches = new AtomicInteger();
        AtomicInteger singles = new AtomicInteger();
        TopicPartition partition = new TopicPartition("generation.events", 0);
        List<ConsumerRecord<String, String>> list = List.of(new ConsumerRecord<>("generation.events", 0, 7, "g-1", EVENT),
                new ConsumerRecord<>("generation.events", 0, 8, "g-1", EVENT.replace("e-1", "e-2")));
        Redelivery.handleBatch("test", new ConsumerRecords<>(Map.of(partition, list)), envelopes -> {
            if (batches.incrementAndGet() <= OUTAGE_FAILURES) {
                throw refused();
            }
        }, envelope -> singles.incrementAndGet());
        assertEquals(OUTAGE_FAILURES + 1, batches.get());
        assertEquals(0, singles.get());
    }

    @Test
    void anOutageIsNotWaitedForWhileTheApplicationStops() {
        Stopping.set(true);
        AtomicInteger calls = new AtomicInteger();
        assertThrows(IllegalStateException.class, () -> Redelivery.handle("test", EVENT, envelope -> {
            calls.incrementAndGet();
            throw refused();
        }));
        assertEquals(1, calls.get());
    }

    private static IllegalStateException refused() {
        return new IllegalStateException("inbox insert failed", new SQLException("Connection to localhost:15433 refused.", "08001"));
    }
}
