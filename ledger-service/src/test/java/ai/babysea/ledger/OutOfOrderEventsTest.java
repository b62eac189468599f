package ai.babysea.ledger;

import static ai.babysea.ledger.LedgerTesting.MODEL;
import static ai.babysea.ledger.LedgerTesting.awaitConsumed;
import static ai.babysea.ledger.LedgerTesting.newAccount;
import static ai.babysea.ledger.LedgerTesting.request;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.contracts.Topics;
import ai.babysea.contracts.events.CreditGrantRequested;
import ai.babysea.contracts.events.CreditsPosted;
import ai.babysea.contracts.events.GenerationAdmitted;
import ai.babysea.contracts.events.GenerationCanceled;
import ai.babysea.contracts.events.GenerationFailed;
import ai.babysea.contracts.events.GenerationRequested;
import ai.babysea.contracts.events.GenerationSucceeded;
import ai.babysea.ledger.reconciliation.ReconciliationService;
import ai.babysea.ledger.transfer.Balance;
import ai.babysea.ledger.transfer.TerminalFact;
import ai.babysea.ledger.transfer.TransferResult;
import ai.babysea.ledger.transfer.TransferResult.Status;
import ai.babysea.ledger.transfer.TransferService;
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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Terminal facts in every order relative to the reservation, through the use cases and through Kafka: the first
 * terminal fact wins, a fact that arrives before its reservation is recorded and settles the reservation when it
 * comes (without dispatching the generation again), and every later fact changes nothing.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "ledger"))
class OutOfOrderEventsTest {
    private static KafkaEvents events;

    @Inject
    TransferService transfers;
    @Inject
    ReconciliationService reconciliation;
    @Inject
    Sql sql;

    @BeforeAll
    static void observe() {
        events = new KafkaEvents(EmbeddedKafka.shared().bootstrapServers(), Topics.GENERATION_DISPATCH, Topics.GENERATION_EVENTS,
                Topics.LEDGER_EVENTS);
    }

    @AfterAll
    static void close() {
        events.close();
    }

    private String funded(long micros) {
        String account = newAccount();
        QuarkusTransaction.requiringNew().run(() -> transfers.grantAll(List.of(new CreditGrantRequested(account, "welcome:" + account,
                micros, "welcome"))));
        return account;
    }

    private TransferResult reserve(GenerationRequested request) {
        return QuarkusTransaction.requiringNew().call(() -> transfers.reserve(request));
    }

    private TransferResult resolve(TerminalFact fact) {
        return QuarkusTransaction.requiringNew().call(() -> transfers.resolveAll(List.of(fact)).get(0));
    }

    private long earlyTerminals(String generationId) {
        return QuarkusTransaction.requiringNew().call(() -> sql.queryLong("SELECT count(*) FROM early_terminals WHERE generation_id = ?",
                generationId).orElse(0L));
    }

    private void assertBalance(String account, long available, long held, long spent) {
        Balance balance = transfers.balance(account);
        assertEquals(List.of(available, held, spent), List.of(balance.availableMicros(), balance.heldMicros(), balance.spentMicros()),
                "available, held, spent of " + account);
    }

    @Test
    void successBeforeReservationChargesWhenTheReservationArrives() {
        String account = funded(100_000);
        GenerationRequested request = request(account, 10_000);
        assertEquals(Status.DEFERRED, resolve(TerminalFact.succeeded(request.generationId(), account)).status());
        assertEquals(Status.DEFERRED, resolve(TerminalFact.failed(request.generationId(), account)).status(),
                "a second early fact is also deferred; the first one recorded wins");
        assertBalance(account, 100_000, 0, 0);
        assertEquals(Status.CREATED, reserve(request).status());
        assertBalance(account, 90_000, 0, 10_000);
        assertEquals(0, earlyTerminals(request.generationId()));
        assertEquals(Status.EXISTS, resolve(TerminalFact.succeeded(request.generationId(), account)).status());
        assertEquals(ErrorCode.LEDGER_PENDING_TRANSFER_ALREADY_POSTED, resolve(TerminalFact.failed(request.generationId(), account)).code());
        assertBalance(account, 90_000, 0, 10_000);
    }

    @Test
    void failureOrRefundedCancelBeforeReservationRefundsAtOnce() {
        String account = funded(100_000);
        GenerationRequested failed = request(account, 10_000);
        GenerationRequested canceled = request(account, 20_000);
        resolve(TerminalFact.failed(failed.generationId(), account));
        resolve(TerminalFact.canceled(canceled.generationId(), account, true));
        assertEquals(Status.CREATED, reserve(failed).status());
        assertEquals(Status.CREATED, reserve(canceled).status());
        assertBalance(account, 100_000, 0, 0);
        assertEquals(ErrorCode.LEDGER_PENDING_TRANSFER_ALREADY_VOIDED, resolve(TerminalFact.succeeded(failed.generationId(), account)).code());
        assertBalance(account, 100_000, 0, 0);
    }

    @Test
    void successBeforeReservationWithoutEnoughCreditClosesUnpaidAndNeverNegative() {
        String account = funded(5_000);
        GenerationRequested request = request(account, 10_000);
        resolve(TerminalFact.succeeded(request.generationId(), account));
        TransferResult result = reserve(request);
        assertEquals(ErrorCode.INSUFFICIENT_CREDITS, result.code());
        assertBalance(account, 5_000, 0, 0);
        assertEquals(0, earlyTerminals(request.generationId()));
        assertEquals(ErrorCode.LEDGER_PENDING_TRANSFER_NOT_FOUND, resolve(TerminalFact.succeeded(request.generationId(), account)).code());
    }

    @Test
    void laterTerminalFactsNeverChangeTheFirstOutcome() {
        String account = funded(100_000);
        GenerationRequested succeeded = request(account, 10_000);
        GenerationRequested failed = request(account, 20_000);
        reserve(succeeded);
        reserve(failed);
        // success, then cancel (charged or refunded) and failure: still charged once
        resolve(TerminalFact.succeeded(succeeded.generationId(), account));
        assertEquals(ErrorCode.LEDGER_PENDING_TRANSFER_ALREADY_POSTED,
                resolve(TerminalFact.canceled(succeeded.generationId(), account, true)).code());
        assertEquals(ErrorCode.LEDGER_PENDING_TRANSFER_ALREADY_POSTED, resolve(TerminalFact.failed(succeeded.generationId(), account)).code());
        // failure, then success: refunded, never charged (terminal is terminal; a failed generation is never charged)
        resolve(TerminalFact.failed(failed.generationId(), account));
        assertEquals(ErrorCode.LEDGER_PENDING_TRANSFER_ALREADY_VOIDED, resolve(TerminalFact.succeeded(failed.generationId(), account)).code());
        assertBalance(account, 90_000, 0, 10_000);
    }

    @Test
    void oneBatchWithRequestAndContradictingFactsKeepsTheFirst() {
        String account = funded(100_000);
        GenerationRequested request = request(account, 10_000);
        reserve(request);
        List<TransferResult> results = QuarkusTransaction.requiringNew().call(() -> transfers.resolveAll(List.of(
                TerminalFact.canceled(request.generationId(), account, true), TerminalFact.succeeded(request.generationId(), account),
                TerminalFact.canceled(request.generationId(), account, true))));
        assertEquals(List.of(Status.CREATED, Status.REJECTED, Status.EXISTS), results.stream().map(TransferResult::status).toList());
        assertBalance(account, 100_000, 0, 0);
    }

    @Test
    void successPublishedBeforeTheRequestIsChargedAndNotDispatchedThroughKafka() {
        String account = funded(100_000);
        GenerationRequested request = request(account, 10_000);
        events.publish(new GenerationSucceeded(request.generationId(), account, MODEL, "bfl", "p1", List.of("http://x/0.png"), 1.0,
                Instant.now(), Instant.now()));
        awaitConsumed();
        assertEquals(1, earlyTerminals(request.generationId()));
        events.publish(request);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                !events.seen(CreditsPosted.class, p -> p.generationId().equals(request.generationId())).isEmpty());
        awaitConsumed();
        assertBalance(account, 90_000, 0, 10_000);
        assertTrue(events.seen(GenerationAdmitted.class, a -> a.generationId().equals(request.generationId())).isEmpty(),
                "a generation that already ended is not dispatched");
    }

    @Test
    void cancelAndFailureAfterSuccessChangeNothingThroughKafka() {
        String account = funded(100_000);
        GenerationRequested request = request(account, 10_000);
        events.publish(request);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                !events.seen(GenerationAdmitted.class, a -> a.generationId().equals(request.generationId())).isEmpty());
        events.publish(new GenerationSucceeded(request.generationId(), account, MODEL, "bfl", "p1", List.of("http://x/0.png"), 1.0,
                Instant.now(), Instant.now()));
        events.publish(new GenerationCanceled(request.generationId(), account, MODEL, "p1", true, true, Instant.now()));
        events.publish(new GenerationFailed(request.generationId(), account, MODEL, "BSE4003", "late", List.of(),
                GenerationFailed.BY_ROUTER, Instant.now()));
        awaitConsumed();
        assertBalance(account, 90_000, 0, 10_000);
    }

    @AfterEach
    void reconciled() {
        LedgerTesting.assertReconciled(reconciliation);
    }
}
