package ai.babysea.ledger.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.babysea.contracts.Ids;
import ai.babysea.contracts.Topics;
import ai.babysea.contracts.events.EventEnvelope;
import ai.babysea.contracts.events.GenerationParameters;
import ai.babysea.contracts.events.GenerationRequested;
import ai.babysea.ledger.config.LedgerConfig;
import ai.babysea.platform.jdbc.Sql;
import ai.babysea.platform.kafka.Stopping;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A batch that fails because the ledger is stopping (its datasource closing) is neither retried nor parked: the
 * failure escapes to the channel's strategy, which leaves the records uncommitted for the next instance. The control
 * case shows what the same failure does while the ledger runs: retried, then parked.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "ledger"))
class StoppingBatchesTest {
    /** Offsets far beyond any the broker hands out, so the parked rows never collide with a real park. */
    private static final long OFFSET = 8_000_000_000_000L + System.nanoTime() % 1_000_000_000L;

    @Inject
    EventBatches batches;
    @Inject
    LedgerConfig config;
    @Inject
    Sql sql;

    @AfterEach
    void running() {
        Stopping.set(false);
        QuarkusTransaction.requiringNew().run(() -> sql.update("DELETE FROM parked_events WHERE offset_no IN (?, ?)", OFFSET, OFFSET + 1));
    }

    @Test
    void aBatchFailingWhileTheLedgerStopsIsNeitherRetriedNorParked() {
        AtomicInteger calls = new AtomicInteger();
        IllegalStateException closed = new IllegalStateException("datasource closed");
        Stopping.set(true);
        assertSame(closed, assertThrows(IllegalStateException.class, () -> batches.apply("test-stopping", records(OFFSET),
                (consumer, events) -> {
                    calls.incrementAndGet();
                    throw closed;
                })));
        assertEquals(1, calls.get(), "one attempt, no retry and no one-by-one pass");
        assertEquals(0, parked(OFFSET), "nothing parked: the record is redelivered after the restart");
    }

    @Test
    void theSameFailureWhileTheLedgerRunsIsRetriedThenParked() {
        AtomicInteger calls = new AtomicInteger();
        batches.apply("test-running", records(OFFSET + 1), (consumer, events) -> {
            calls.incrementAndGet();
            throw new IllegalStateException("always fails");
        });
        assertEquals(config.batchAttempts() + 5, calls.get(), "the batch attempts, then five single attempts");
        assertEquals(1, parked(OFFSET + 1));
    }

    private long parked(long offset) {
        return QuarkusTransaction.requiringNew().call(() -> sql.queryLong("SELECT count(*) FROM parked_events WHERE offset_no = ?",
                offset).orElseThrow());
    }

    private static ConsumerRecords<String, String> records(long offset) {
        String generationId = Ids.uuidV7().toString();
        GenerationRequested request = new GenerationRequested(generationId, "acct-" + Ids.uuidV7(), "bfl/flux-schnell", "image",
                new GenerationParameters("a seal", "1:1", "png", 1, List.of(), null, null, null, Map.of()), List.of("bfl"), false,
                10_000, Instant.now());
        TopicPartition partition = new TopicPartition(Topics.GENERATION_REQUESTS, 3);
        return new ConsumerRecords<>(Map.of(partition, List.of(new ConsumerRecord<>(Topics.GENERATION_REQUESTS, 3, offset,
                generationId, EventEnvelope.wrap(request).toJson()))));
    }
}
