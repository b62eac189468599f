package ai.babysea.ledger;

import static ai.babysea.ledger.LedgerTesting.newAccount;
import static ai.babysea.ledger.LedgerTesting.request;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.babysea.contracts.Topics;
import ai.babysea.contracts.events.CreditGrantRequested;
import ai.babysea.contracts.events.CreditsGranted;
import ai.babysea.contracts.events.GenerationRequested;
import ai.babysea.contracts.events.LowBalanceCrossed;
import ai.babysea.ledger.reconciliation.ReconciliationService;
import ai.babysea.ledger.transfer.AlertSettingsService;
import ai.babysea.ledger.transfer.TerminalFact;
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
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Low-balance thresholds (docs/api/webhooks.md, `credits.low_balance`) through the use cases, observed on {@code ledger.events} after the outbox
 * relay published them: each threshold fires once per descent, several at once in one event, and re-arms when a
 * grant or a void brings the available balance back to at least the threshold.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "ledger"))
class LowBalanceAlertsTest {
    private static KafkaEvents events;

    @Inject
    TransferService transfers;
    @Inject
    AlertSettingsService alertSettings;
    @Inject
    ReconciliationService reconciliation;

    @BeforeAll
    static void observe() {
        events = new KafkaEvents(EmbeddedKafka.shared().bootstrapServers(), Topics.LEDGER_EVENTS);
    }

    @AfterAll
    static void close() {
        events.close();
    }

    private void grant(String account, String key, long micros) {
        QuarkusTransaction.requiringNew().run(() -> transfers.grantAll(List.of(new CreditGrantRequested(account, key, micros, null))));
    }

    private GenerationRequested reserve(String account, long micros) {
        GenerationRequested request = request(account, micros);
        QuarkusTransaction.requiringNew().run(() -> transfers.reserve(request));
        return request;
    }

    /** Every crossing published for the account so far, as [threshold, balance_at] pairs per event. */
    private List<List<List<Long>>> crossings(String account) {
        return events.seen(LowBalanceCrossed.class, e -> e.accountId().equals(account)).stream()
                .map(e -> e.thresholdsCrossed().stream().map(t -> List.of(t.thresholdMicros(), t.balanceAtMicros())).toList())
                .toList();
    }

    /** Waits until a marker grant published after the steps is visible, so every earlier event of the account is too. */
    private void settle(String account) {
        String marker = "marker:" + newAccount();
        grant(account, marker, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> !events.seen(CreditsGranted.class, g -> g.grantKey().equals(marker)).isEmpty());
    }

    @Test
    void firesOncePerDescentAndReArmsOnGrantOrVoid() {
        String account = newAccount();
        grant(account, "welcome:" + account, 1_000_000);
        alertSettings.update(account, true, List.of(500_000L, 200_000L));
        reserve(account, 300_000);                                        // 700,000: above both
        GenerationRequested second = reserve(account, 300_000);          // 400,000: fires 500k
        reserve(account, 100_000);                                        // 300,000: 500k already fired
        reserve(account, 150_000);                                        // 150,000: fires 200k
        QuarkusTransaction.requiringNew().run(() -> transfers.resolveAll(List.of(TerminalFact.failed(second.generationId(), account))));
        // void: 450,000 re-arms 200k, 500k stays fired
        reserve(account, 300_000);                                        // 150,000: fires 200k again
        grant(account, "topup:" + account, 1_000_000);                    // 1,150,000: re-arms both
        reserve(account, 1_000_000);                                      // 150,000: fires both in one event
        settle(account);
        assertEquals(List.of(
                List.of(List.of(500_000L, 400_000L)),
                List.of(List.of(200_000L, 150_000L)),
                List.of(List.of(200_000L, 150_000L)),
                List.of(List.of(200_000L, 150_000L), List.of(500_000L, 150_000L))), crossings(account));
        assertEquals(List.of(200_000L, 500_000L), alertSettings.read(account).firedThresholdsMicros());
    }

    @Test
    void defaultThresholdIsHalfACreditAndDisabledSettingsNeverFire() {
        String account = newAccount();
        grant(account, "welcome:" + account, 1_000_000);
        reserve(account, 600_000);                                        // 400,000 < default 500,000
        String quiet = newAccount();
        grant(quiet, "welcome:" + quiet, 1_000_000);
        alertSettings.update(quiet, false, List.of(500_000L));
        reserve(quiet, 600_000);
        settle(account);
        settle(quiet);
        assertEquals(List.of(List.of(List.of(500_000L, 400_000L))), crossings(account));
        assertEquals(List.of(), crossings(quiet));
    }

    @Test
    void removingAThresholdForgetsItsFiredState() {
        String account = newAccount();
        grant(account, "welcome:" + account, 1_000_000);
        reserve(account, 600_000);                                        // fires the default 500k
        alertSettings.update(account, true, List.of(300_000L));
        assertEquals(List.of(), alertSettings.read(account).firedThresholdsMicros());
        alertSettings.update(account, true, List.of(300_000L, 500_000L));
        reserve(account, 200_000);                                        // 200,000: fires 300k and the re-added 500k
        settle(account);
        assertEquals(List.of(List.of(List.of(500_000L, 400_000L)), List.of(List.of(300_000L, 200_000L), List.of(500_000L, 200_000L))),
                crossings(account));
    }

    @AfterEach
    void reconciled() {
        LedgerTesting.assertReconciled(reconciliation);
    }
}
