package ai.babysea.ledger;

import static ai.babysea.ledger.LedgerTesting.awaitConsumed;
import static ai.babysea.ledger.LedgerTesting.newAccount;
import static ai.babysea.ledger.LedgerTesting.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.contracts.Topics;
import ai.babysea.contracts.events.CreditGrantRequested;
import ai.babysea.contracts.events.EventEnvelope;
import ai.babysea.contracts.events.GenerationAdmitted;
import ai.babysea.contracts.events.GenerationFailed;
import ai.babysea.contracts.events.GenerationRequested;
import ai.babysea.ledger.reconciliation.ReconciliationService;
import ai.babysea.ledger.transfer.Balance;
import ai.babysea.ledger.transfer.TransferResult;
import ai.babysea.ledger.transfer.TransferResult.Status;
import ai.babysea.ledger.transfer.TransferService;
import ai.babysea.embedded.EmbeddedKafka;
import ai.babysea.testing.KafkaEvents;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many concurrent reservations on one account whose total exceeds its balance: exactly floor(balance / cost)
 * succeed, nobody deadlocks, no update is lost. Once with threads calling the use case in their own transactions
 * (mixed batch sizes), once through Kafka (requests spread over every partition, several consumer threads).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "ledger"))
class StormTest {
    private static KafkaEvents events;

    @Inject
    TransferService transfers;
    @Inject
    ReconciliationService reconciliation;

    @BeforeAll
    static void observe() {
        events = new KafkaEvents(EmbeddedKafka.shared().bootstrapServers(), Topics.GENERATION_DISPATCH, Topics.GENERATION_EVENTS);
    }

    @AfterAll
    static void close() {
        events.close();
    }

    @Test
    void concurrentTransactionsOnOneAccountAdmitExactlyWhatTheBalanceCovers() throws Exception {
        String account = newAccount();
        long balance = 1_000_000;
        long cost = 7_000;
        QuarkusTransaction.requiringNew().run(() -> transfers.grantAll(List.of(new CreditGrantRequested(account, "g:" + account,
                balance, null))));
        // A second account in the same transactions makes every batch lock two customers, in both name orders.
        String other = "0" + account;
        QuarkusTransaction.requiringNew().run(() -> transfers.grantAll(List.of(new CreditGrantRequested(other, "g:" + other,
                balance, null))));
        int threads = 8;
        int perThread = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger created = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int batch = 1 + t % 4;
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i += batch) {
                    List<GenerationRequested> requests = new ArrayList<>();
                    for (int j = 0; j < batch && i + j < perThread; j++) {
                        requests.add(request(account, cost));
                        requests.add(request(other, cost));
                    }
                    Collections.shuffle(requests);
                    List<TransferResult> results = QuarkusTransaction.requiringNew().call(() -> transfers.reserveAll(requests));
                    for (int k = 0; k < results.size(); k++) {
                        if (!requests.get(k).accountId().equals(account)) {
                            continue;
                        }
                        TransferResult result = results.get(k);
                        if (result.status() == Status.CREATED) {
                            created.incrementAndGet();
                        } else if (result.code() == ErrorCode.INSUFFICIENT_CREDITS) {
                            rejected.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : futures) {
            future.get(120, TimeUnit.SECONDS); // a deadlock or any failed transaction surfaces here
        }
        pool.shutdown();
        long admitted = balance / cost;
        assertEquals(admitted, created.get());
        assertEquals(threads * perThread - admitted, rejected.get());
        Balance after = transfers.balance(account);
        assertEquals(balance - admitted * cost, after.availableMicros());
        assertEquals(admitted * cost, after.heldMicros());
    }

    @Test
    void stormThroughKafkaAdmitsExactlyWhatTheBalanceCovers() throws Exception {
        String account = newAccount();
        long balance = 1_000_000;
        long cost = 3_000;
        int requests = 1_000;
        QuarkusTransaction.requiringNew().run(() -> transfers.grantAll(List.of(new CreditGrantRequested(account, "g:" + account,
                balance, null))));
        Properties props = new Properties();
        props.put("bootstrap.servers", EmbeddedKafka.shared().bootstrapServers());
        props.put("acks", "all");
        props.put("linger.ms", 5);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < requests; i++) {
                GenerationRequested request = request(account, cost);
                EventEnvelope envelope = EventEnvelope.wrap(request);
                ProducerRecord<String, String> record = new ProducerRecord<>(Topics.GENERATION_REQUESTS, envelope.aggregateId(),
                        envelope.toJson());
                record.headers().add(Topics.HEADER_EVENT_ID, envelope.eventId().getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
            producer.flush();
        }
        awaitConsumed();
        long admitted = balance / cost;
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                events.seen(GenerationAdmitted.class, a -> a.accountId().equals(account)).size()
                        + events.seen(GenerationFailed.class, f -> account.equals(f.accountId())).size() >= requests);
        assertEquals(admitted, events.seen(GenerationAdmitted.class, a -> a.accountId().equals(account)).size());
        assertEquals(requests - admitted, events.seen(GenerationFailed.class, f -> account.equals(f.accountId())
                && "BSE1004".equals(f.errorCode())).size());
        Balance after = transfers.balance(account);
        assertEquals(balance - admitted * cost, after.availableMicros());
        assertEquals(admitted * cost, after.heldMicros());
    }

    @AfterEach
    void reconciled() {
        LedgerTesting.assertReconciled(reconciliation);
    }
}
