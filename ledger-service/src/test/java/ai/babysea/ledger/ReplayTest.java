package ai.babysea.ledger;

import static ai.babysea.ledger.LedgerTesting.MODEL;
import static ai.babysea.ledger.LedgerTesting.awaitConsumed;
import static ai.babysea.ledger.LedgerTesting.newAccount;
import static ai.babysea.ledger.LedgerTesting.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.contracts.Topics;
import ai.babysea.contracts.events.CreditGrantRequested;
import ai.babysea.contracts.events.EventEnvelope;
import ai.babysea.contracts.events.GenerationCancelRequested;
import ai.babysea.contracts.events.GenerationCanceled;
import ai.babysea.contracts.events.GenerationFailed;
import ai.babysea.contracts.events.GenerationRequested;
import ai.babysea.contracts.events.GenerationSucceeded;
import ai.babysea.ledger.reconciliation.ReconciliationService;
import ai.babysea.platform.jdbc.Sql;
import ai.babysea.embedded.EmbeddedKafka;
import ai.babysea.testing.KafkaEvents;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Redelivery of everything: after a mixed scenario, every record ever written to the topics the ledger reads
 * (including the other test classes' records) is read back from offset 0 and published again verbatim, then
 * again with the same payloads in fresh envelopes (new event ids, so the inbox does not catch them and the derived
 * transfer ids must). Every balance, transfer, rejection and alert row of the database stays exactly the same.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "ledger"))
class ReplayTest {
    private static final List<String> TOPICS = List.of(Topics.LEDGER_COMMANDS, Topics.GENERATION_REQUESTS, Topics.GENERATION_EVENTS);
    private static KafkaEvents events;

    @Inject
    ReconciliationService reconciliation;
    @Inject
    Sql sql;

    @BeforeAll
    static void connect() {
        events = new KafkaEvents(EmbeddedKafka.shared().bootstrapServers(), Topics.LEDGER_EVENTS);
    }

    @AfterAll
    static void close() {
        events.close();
    }

    private void scenario() {
        List<String> accounts = new ArrayList<>();
        for (int a = 0; a < 5; a++) {
            String account = newAccount();
            accounts.add(account);
            events.publish(new CreditGrantRequested(account, "welcome:" + account, 100_000, "welcome"));
            events.publish(new CreditGrantRequested(account, "welcome:" + account, 100_000, "welcome"));
        }
        // successes published before their requests (different topics): recorded first, applied on reservation
        List<GenerationRequested> early = new ArrayList<>();
        for (String account : accounts) {
            GenerationRequested request = request(account, 2_000);
            early.add(request);
            events.publish(new GenerationSucceeded(request.generationId(), account, MODEL, "bfl", "p", List.of("u"), 1.0, Instant.now(),
                    Instant.now()));
        }
        awaitConsumed();
        early.forEach(events::publish);
        for (String account : accounts) {
            for (int g = 0; g < 12; g++) {
                GenerationRequested request = request(account, 9_000);
                events.publish(request);
                String id = request.generationId();
                switch (g % 4) {
                    case 0 -> events.publish(new GenerationSucceeded(id, account, MODEL, "bfl", "p", List.of("u"), 1.0, Instant.now(),
                            Instant.now()));
                    case 1 -> events.publish(new GenerationFailed(id, account, MODEL, "BSE4003", "x", List.of(), GenerationFailed.BY_ROUTER,
                            Instant.now()));
                    case 2 -> {
                        events.publish(new GenerationCancelRequested(id, account, Instant.now()));
                        events.publish(new GenerationCanceled(id, account, MODEL, null, false, g % 8 == 2, Instant.now()));
                    }
                    default -> {
                        // left pending (and, past 100,000 micros, rejected with BSE1004)
                    }
                }
            }
        }
        awaitConsumed();
    }

    /** Everything the ledger decides, as text: balances, transfers with their balance-after, rejections, early facts, alerts. */
    private Map<String, String> snapshot() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, String> snapshot = new HashMap<>();
            snapshot.put("accounts", text("SELECT count(*) || ':' || md5(coalesce(string_agg(id || '=' || balance_micros, ',' ORDER BY id), '')) "
                    + "FROM ledger_accounts"));
            snapshot.put("transfers", text("SELECT count(*) || ':' || md5(coalesce(string_agg(id || kind || amount_micros || '/' "
                    + "|| available_after || coalesce(pending_id::text, '') || coalesce(reason, ''), ',' ORDER BY id), '')) FROM transfers"));
            snapshot.put("rejected", text("SELECT count(*) || ':' || md5(coalesce(string_agg(generation_id || error_code, ',' "
                    + "ORDER BY generation_id), '')) FROM rejected_generations"));
            snapshot.put("early", text("SELECT count(*)::text FROM early_terminals"));
            snapshot.put("alerts", text("SELECT count(*) || ':' || md5(coalesce(string_agg(account_id || threshold_micros || '/' "
                    + "|| balance_at_micros, ',' ORDER BY account_id, threshold_micros), '')) FROM alert_fired"));
            snapshot.put("parked", text("SELECT count(*)::text FROM parked_events"));
            return snapshot;
        });
    }

    private String text(String query) {
        return sql.queryOne(query, rs -> rs.getString(1)).orElseThrow();
    }

    /** Every record of the ledger's input topics, from offset 0 to the current end, in partition order. */
    private static List<ConsumerRecord<String, String>> history() {
        Properties props = new Properties();
        props.put("bootstrap.servers", EmbeddedKafka.shared().bootstrapServers());
        props.put("enable.auto.commit", "false");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = TOPICS.stream().flatMap(t -> consumer.partitionsFor(t).stream()
                    .map(p -> new TopicPartition(t, p.partition()))).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 60_000;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    @Test
    void republishingTheWholeHistoryChangesNothing() {
        scenario();
        Map<String, String> before = snapshot();
        List<ConsumerRecord<String, String>> history = history();
        assertTrue(history.size() > 100, "history of " + history.size() + " records");
        Properties props = new Properties();
        props.put("bootstrap.servers", EmbeddedKafka.shared().bootstrapServers());
        props.put("acks", "all");
        props.put("linger.ms", 5);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            // 1. the same envelopes (redelivery): the inbox absorbs them
            for (ConsumerRecord<String, String> record : history) {
                ProducerRecord<String, String> again = new ProducerRecord<>(record.topic(), record.partition(), record.key(), record.value());
                record.headers().forEach(h -> again.headers().add(h));
                producer.send(again);
            }
            producer.flush();
            awaitConsumed();
            assertEquals(before, snapshot(), "after redelivering " + history.size() + " envelopes");
            // 2. the same payloads in new envelopes: only the derived transfer ids and grant keys can absorb them
            for (ConsumerRecord<String, String> record : history) {
                EventEnvelope original;
                try {
                    original = EventEnvelope.parse(record.value());
                } catch (IllegalArgumentException malformed) {
                    continue;
                }
                if (original.type() == null) {
                    continue;
                }
                EventEnvelope fresh = EventEnvelope.wrap(original.decode());
                producer.send(new ProducerRecord<>(record.topic(), record.partition(), record.key(), fresh.toJson()));
            }
            producer.flush();
        }
        awaitConsumed();
        assertEquals(before, snapshot(), "after republishing " + history.size() + " payloads in new envelopes");
        Set<String> types = history.stream().map(r -> {
            try {
                return EventEnvelope.parse(r.value()).eventType();
            } catch (IllegalArgumentException e) {
                return "malformed";
            }
        }).collect(Collectors.toSet());
        assertTrue(types.containsAll(Set.of("generation.requested", "generation.succeeded", "generation.failed", "generation.canceled",
                "generation.cancel_requested", "credits.grant_requested")), types.toString());
    }

    @AfterEach
    void reconciled() {
        LedgerTesting.assertReconciled(reconciliation);
    }
}
