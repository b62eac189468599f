package ai.babysea.ledger;

import static ai.babysea.ledger.LedgerTesting.newAccount;
import static ai.babysea.ledger.LedgerTesting.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.contracts.Ids;
import ai.babysea.contracts.events.CreditGrantRequested;
import ai.babysea.contracts.events.GenerationRequested;
import ai.babysea.ledger.reconciliation.ReconciliationService;
import ai.babysea.ledger.transfer.AlertSettingsService;
import ai.babysea.ledger.transfer.TerminalFact;
import ai.babysea.ledger.transfer.TransferResult.Status;
import ai.babysea.ledger.transfer.TransferResult;
import ai.babysea.ledger.transfer.TransferService;
import ai.babysea.platform.error.ServiceException;
import ai.babysea.platform.jdbc.Sql;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TigerBeetle-style table over the ledger's use cases (called directly, each in its own transaction, against the
 * real PostgreSQL): every ledger error code with the inputs that produce it, next to valid inputs. Each row gets
 * a fresh account; the whole database is reconciled after every row.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "ledger"))
class LedgerErrorCodesTest {
    private static final long MAX = 9_999_999_999_000L;

    @Inject
    TransferService transfers;
    @Inject
    AlertSettingsService alertSettings;
    @Inject
    ReconciliationService reconciliation;
    @Inject
    Sql sql;

    /** One row: a name, what the row does with a fresh account, and the result it must produce. */
    record Row(String name, Function<Ctx, TransferResult> action, Status status, ErrorCode code, String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** What a row can do: the use cases, each in its own transaction. */
    final class Ctx {
        final String account = newAccount();

        /** Grants under a key made unique to this row's account (grant keys are global). */
        TransferResult grant(String key, long micros) {
            return grantTo(account, key.isBlank() ? key : key + "@" + account, micros);
        }

        TransferResult grantTo(String otherAccount, String key, long micros) {
            return tx(() -> transfers.grantAll(List.of(new CreditGrantRequested(otherAccount, key, micros, "t"))).get(0));
        }

        TransferResult reserve(GenerationRequested request) {
            return tx(() -> transfers.reserve(request));
        }

        TransferResult resolve(TerminalFact fact) {
            return tx(() -> transfers.resolveAll(List.of(fact)).get(0));
        }

        GenerationRequested funded(long grantMicros, long costMicros) {
            grant("g:" + Ids.uuidV7(), grantMicros);
            GenerationRequested request = request(account, costMicros);
            assertEquals(Status.CREATED, reserve(request).status());
            return request;
        }

        /** Time travel for one reservation: moves its bound into the past, then runs the expiry use case. */
        void expire(GenerationRequested request) {
            QuarkusTransaction.requiringNew().run(() -> sql.update(
                    "UPDATE transfers SET expires_at = now() - interval '1 hour' WHERE generation_id = ? AND kind = 'reserve'",
                    request.generationId()));
            transfers.expireOverdue(Instant.now(), 10_000);
        }
    }

    private static <T> T tx(java.util.concurrent.Callable<T> work) {
        return QuarkusTransaction.requiringNew().call(work);
    }

    static Stream<Row> useCases() {
        List<Row> rows = new ArrayList<>();
        // reserve
        rows.add(new Row("reserve within balance", c -> {
            c.grant("g1", 100_000);
            return c.reserve(request(c.account, 10_000));
        }, Status.CREATED, null, null));
        rows.add(new Row("reserve exactly the balance", c -> {
            c.grant("g1", 10_000);
            return c.reserve(request(c.account, 10_000));
        }, Status.CREATED, null, null));
        rows.add(new Row("reserve above balance", c -> {
            c.grant("g1", 9_999);
            return c.reserve(request(c.account, 10_000));
        }, Status.REJECTED, ErrorCode.INSUFFICIENT_CREDITS, null));
        rows.add(new Row("reserve on an account never granted", c -> c.reserve(request(c.account, 1)),
                Status.REJECTED, ErrorCode.INSUFFICIENT_CREDITS, null));
        rows.add(new Row("reserve cost zero", c -> {
            c.grant("g1", 100_000);
            return c.reserve(request(c.account, 0));
        }, Status.REJECTED, ErrorCode.LEDGER_AMOUNT_INVALID, "cost_micros"));
        rows.add(new Row("reserve negative cost", c -> c.reserve(request(c.account, -5)),
                Status.REJECTED, ErrorCode.LEDGER_AMOUNT_INVALID, "cost_micros"));
        rows.add(new Row("reserve cost above bound", c -> c.reserve(request(c.account, MAX + 1)),
                Status.REJECTED, ErrorCode.LEDGER_AMOUNT_INVALID, "cost_micros"));
        rows.add(new Row("reserve blank account", c -> c.reserve(request(" ", 10)),
                Status.REJECTED, ErrorCode.INVALID_INPUT, "account_id"));
        rows.add(new Row("reserve blank generation id", c -> c.reserve(request("", c.account, 10)),
                Status.REJECTED, ErrorCode.INVALID_INPUT, "generation_id"));
        rows.add(new Row("reserve repeated with the same fields", c -> c.reserve(c.funded(100_000, 10_000)),
                Status.EXISTS, null, null));
        rows.add(new Row("reserve repeated with another cost", c -> {
            GenerationRequested first = c.funded(100_000, 10_000);
            return c.reserve(request(first.generationId(), c.account, 20_000));
        }, Status.REJECTED, ErrorCode.LEDGER_TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS, "cost_micros"));
        rows.add(new Row("reserve repeated for another account", c -> {
            GenerationRequested first = c.funded(100_000, 10_000);
            return c.reserve(request(first.generationId(), newAccount(), 10_000));
        }, Status.REJECTED, ErrorCode.LEDGER_TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS, "account_id"));
        rows.add(new Row("reserve repeated with another model", c -> {
            GenerationRequested first = c.funded(100_000, 10_000);
            GenerationRequested other = new GenerationRequested(first.generationId(), c.account, "bfl/flux-1.1-pro", "image",
                    first.parameters(), first.providerOrder(), false, 10_000, Instant.now());
            return c.reserve(other);
        }, Status.REJECTED, ErrorCode.LEDGER_TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS, "model_identifier"));
        rows.add(new Row("rejected request repeated with another cost", c -> {
            GenerationRequested first = request(c.account, 10_000);
            assertEquals(ErrorCode.INSUFFICIENT_CREDITS, c.reserve(first).code());
            return c.reserve(request(first.generationId(), c.account, 1));
        }, Status.REJECTED, ErrorCode.LEDGER_TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS, "cost_micros"));
        rows.add(new Row("rejected request repeated with the same fields", c -> {
            GenerationRequested first = request(c.account, 10_000);
            c.reserve(first);
            return c.reserve(first);
        }, Status.EXISTS, null, null));
        // post / void
        rows.add(new Row("post a pending reservation", c -> {
            GenerationRequested r = c.funded(100_000, 10_000);
            return c.resolve(TerminalFact.succeeded(r.generationId(), c.account));
        }, Status.CREATED, null, null));
        rows.add(new Row("void a pending reservation", c -> {
            GenerationRequested r = c.funded(100_000, 10_000);
            return c.resolve(TerminalFact.failed(r.generationId(), c.account));
        }, Status.CREATED, null, null));
        rows.add(new Row("post repeated", c -> {
            GenerationRequested r = c.funded(100_000, 10_000);
            c.resolve(TerminalFact.succeeded(r.generationId(), c.account));
            return c.resolve(TerminalFact.succeeded(r.generationId(), c.account));
        }, Status.EXISTS, null, null));
        rows.add(new Row("post without a reservation", c -> c.resolve(TerminalFact.succeeded(Ids.uuidV7().toString(), c.account)),
                Status.DEFERRED, ErrorCode.LEDGER_PENDING_TRANSFER_NOT_FOUND, null));
        rows.add(new Row("post a generation the ledger rejected", c -> {
            GenerationRequested r = request(c.account, 10_000);
            c.reserve(r);
            return c.resolve(TerminalFact.succeeded(r.generationId(), c.account));
        }, Status.REJECTED, ErrorCode.LEDGER_PENDING_TRANSFER_NOT_FOUND, null));
        rows.add(new Row("void after post", c -> {
            GenerationRequested r = c.funded(100_000, 10_000);
            c.resolve(TerminalFact.succeeded(r.generationId(), c.account));
            return c.resolve(TerminalFact.failed(r.generationId(), c.account));
        }, Status.REJECTED, ErrorCode.LEDGER_PENDING_TRANSFER_ALREADY_POSTED, null));
        rows.add(new Row("cancel (charged) after post", c -> {
            GenerationRequested r = c.funded(100_000, 10_000);
            c.resolve(TerminalFact.succeeded(r.generationId(), c.account));
            return c.resolve(TerminalFact.canceled(r.generationId(), c.account, false));
        }, Status.REJECTED, ErrorCode.LEDGER_PENDING_TRANSFER_ALREADY_POSTED, null));
        rows.add(new Row("post after void", c -> {
            GenerationRequested r = c.funded(100_000, 10_000);
            c.resolve(TerminalFact.failed(r.generationId(), c.account));
            return c.resolve(TerminalFact.succeeded(r.generationId(), c.account));
        }, Status.REJECTED, ErrorCode.LEDGER_PENDING_TRANSFER_ALREADY_VOIDED, null));
        rows.add(new Row("failure after a refunded cancel", c -> {
            GenerationRequested r = c.funded(100_000, 10_000);
            c.resolve(TerminalFact.canceled(r.generationId(), c.account, true));
            return c.resolve(TerminalFact.failed(r.generationId(), c.account));
        }, Status.REJECTED, ErrorCode.LEDGER_PENDING_TRANSFER_ALREADY_VOIDED, null));
        rows.add(new Row("post after expiry", c -> {
            GenerationRequested r = c.funded(100_000, 10_000);
            c.expire(r);
            return c.resolve(TerminalFact.succeeded(r.generationId(), c.account));
        }, Status.REJECTED, ErrorCode.LEDGER_PENDING_TRANSFER_EXPIRED, null));
        rows.add(new Row("void after expiry", c -> {
            GenerationRequested r = c.funded(100_000, 10_000);
            c.expire(r);
            return c.resolve(TerminalFact.failed(r.generationId(), c.account));
        }, Status.REJECTED, ErrorCode.LEDGER_PENDING_TRANSFER_EXPIRED, null));
        rows.add(new Row("post naming another account", c -> {
            GenerationRequested r = c.funded(100_000, 10_000);
            return c.resolve(TerminalFact.succeeded(r.generationId(), newAccount()));
        }, Status.REJECTED, ErrorCode.LEDGER_TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS, "account_id"));
        rows.add(new Row("post with blank account", c -> c.resolve(TerminalFact.succeeded(Ids.uuidV7().toString(), "")),
                Status.REJECTED, ErrorCode.INVALID_INPUT, "account_id"));
        // grants
        rows.add(new Row("grant", c -> c.grant("invoice:1", 1_000_000), Status.CREATED, null, null));
        rows.add(new Row("grant the largest amount", c -> c.grant("invoice:1", MAX), Status.CREATED, null, null));
        rows.add(new Row("grant repeated", c -> {
            c.grant("invoice:" + c.account, 1_000_000);
            return c.grant("invoice:" + c.account, 1_000_000);
        }, Status.EXISTS, null, null));
        rows.add(new Row("grant zero", c -> c.grant("invoice:" + c.account, 0), Status.REJECTED, ErrorCode.LEDGER_AMOUNT_INVALID, "amount_micros"));
        rows.add(new Row("grant negative", c -> c.grant("invoice:" + c.account, -1), Status.REJECTED, ErrorCode.LEDGER_AMOUNT_INVALID, "amount_micros"));
        rows.add(new Row("grant above bound", c -> c.grant("invoice:" + c.account, MAX + 1), Status.REJECTED, ErrorCode.LEDGER_AMOUNT_INVALID, "amount_micros"));
        rows.add(new Row("grant blank key", c -> c.grant(" ", 10), Status.REJECTED, ErrorCode.INVALID_INPUT, "grant_key"));
        rows.add(new Row("grant key too long", c -> c.grantTo(c.account, "k".repeat(256), 10), Status.REJECTED, ErrorCode.INVALID_INPUT, "grant_key"));
        rows.add(new Row("grant blank account", c -> c.grantTo("", "invoice@" + c.account, 10), Status.REJECTED, ErrorCode.INVALID_INPUT, "account_id"));
        rows.add(new Row("grant key reused with another amount", c -> {
            c.grant("invoice:" + c.account, 1_000_000);
            return c.grant("invoice:" + c.account, 999_999);
        }, Status.REJECTED, ErrorCode.LEDGER_GRANT_KEY_CONFLICT, "amount_micros"));
        rows.add(new Row("grant key reused for another account", c -> {
            c.grant("invoice", 1_000_000);
            return c.grantTo(newAccount(), "invoice@" + c.account, 1_000_000);
        }, Status.REJECTED, ErrorCode.LEDGER_GRANT_KEY_CONFLICT, "account_id"));
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("useCases")
    void useCaseAnswersAsTheTableSays(Row row) {
        Ctx ctx = new Ctx();
        TransferResult result = row.action().apply(ctx);
        assertEquals(row.status(), result.status(), row.name() + " -> " + result);
        assertEquals(row.code(), result.code(), row.name() + " -> " + result);
        assertEquals(row.field(), result.field(), row.name() + " -> " + result);
    }

    @ParameterizedTest(name = "thresholds {0}")
    @MethodSource("thresholdCases")
    void thresholdSettingsAreValidated(List<Long> thresholds, ErrorCode expected) {
        Ctx ctx = new Ctx();
        ctx.grant("g:" + ctx.account, 1_000_000);
        if (expected == null) {
            assertEquals(thresholds.stream().sorted().toList(), alertSettings.update(ctx.account, true, thresholds).thresholdsMicros());
            return;
        }
        ServiceException e = assertThrows(ServiceException.class, () -> alertSettings.update(ctx.account, true, thresholds));
        assertEquals(expected, e.code());
        assertEquals("thresholds_micros", e.field());
    }

    static Stream<Arguments> thresholdCases() {
        return Stream.of(
                Arguments.of(List.of(500_000L), null),
                Arguments.of(List.of(), null),
                Arguments.of(List.of(1_000L, 2_000L, 3_000L, 4_000L, 5_000L, 6_000L, 7_000L, 8_000L,
                        9_000L, 10_000L), null),
                Arguments.of(List.of(1_000L, 2_000L, 3_000L, 4_000L, 5_000L, 6_000L, 7_000L, 8_000L,
                        9_000L, 10_000L, 11_000L), ErrorCode.LEDGER_THRESHOLDS_INVALID),
                Arguments.of(List.of(0L), ErrorCode.LEDGER_THRESHOLDS_INVALID),
                Arguments.of(List.of(-1_000L), ErrorCode.LEDGER_THRESHOLDS_INVALID),
                Arguments.of(List.of(500_001L), ErrorCode.LEDGER_THRESHOLDS_INVALID),
                Arguments.of(List.of(500_000L, 500_000L), ErrorCode.LEDGER_THRESHOLDS_INVALID),
                Arguments.of(List.of(MAX + 1_000), ErrorCode.LEDGER_THRESHOLDS_INVALID));
    }

    @Test
    void alertSettingsOfAnUnknownAccountAreNotFound() {
        ServiceException e = assertThrows(ServiceException.class, () -> alertSettings.read(newAccount()));
        assertEquals(ErrorCode.LEDGER_ACCOUNT_NOT_FOUND, e.code());
        ServiceException update = assertThrows(ServiceException.class, () -> alertSettings.update(newAccount(), true, List.of(1_000L)));
        assertEquals(ErrorCode.LEDGER_ACCOUNT_NOT_FOUND, update.code());
    }

    @Test
    void everyLedgerErrorCodeHasARow() {
        Set<ErrorCode> produced = EnumSet.noneOf(ErrorCode.class);
        Stream.of(useCases().map(Row::code), thresholdCases().map(a -> (ErrorCode) a.get()[1])).flatMap(s -> s)
                .filter(java.util.Objects::nonNull).forEach(produced::add);
        produced.add(ErrorCode.LEDGER_ACCOUNT_NOT_FOUND); // alertSettingsOfAnUnknownAccountAreNotFound
        for (ErrorCode code : ErrorCode.values()) {
            if (code.code().startsWith("BSE3")) {
                assertTrue(produced.contains(code), code.code() + " has no row in the table");
            }
        }
        assertTrue(produced.contains(ErrorCode.INSUFFICIENT_CREDITS));
    }

    @AfterEach
    void reconciled() {
        LedgerTesting.assertReconciled(reconciliation);
    }
}
