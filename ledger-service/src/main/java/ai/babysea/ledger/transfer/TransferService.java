package ai.babysea.ledger.transfer;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.contracts.Ids;
import ai.babysea.contracts.catalog.ModelDefinition;
import ai.babysea.contracts.events.CreditGrantRequested;
import ai.babysea.contracts.events.CreditsGranted;
import ai.babysea.contracts.events.CreditsPosted;
import ai.babysea.contracts.events.CreditsReserved;
import ai.babysea.contracts.events.CreditsVoided;
import ai.babysea.contracts.events.GenerationAdmitted;
import ai.babysea.contracts.events.GenerationCancelForwarded;
import ai.babysea.contracts.events.GenerationFailed;
import ai.babysea.contracts.events.GenerationRequested;
import ai.babysea.ledger.config.LedgerConfig;
import ai.babysea.ledger.transfer.LedgerBook.EarlyTerminal;
import ai.babysea.ledger.transfer.LedgerBook.NewTransfer;
import ai.babysea.ledger.transfer.LedgerBook.Rejection;
import ai.babysea.ledger.transfer.LedgerStore.Reservation;
import ai.babysea.ledger.transfer.LedgerStore.Resolution;
import ai.babysea.ledger.transfer.LedgerStore.StoredGrant;
import ai.babysea.platform.error.ServiceException;
import ai.babysea.platform.jdbc.Sql;
import ai.babysea.platform.outbox.OutboxWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The ledger's use cases: reserve (pending transfer), resolve (post or void, exactly once), grant, expire. Each takes
 * a batch, runs in the caller's transaction, locks the customers it touches in one ordered statement, decides in
 * memory and writes once. Every command answers with a {@link TransferResult}; transfer ids derive from the cause
 * ({@code reserve:<generation>}, {@code resolve:<generation>}, {@code grant:<key>}), so a repeat is a no-op and the
 * same id with other fields is a conflict naming the field.
 */
@ApplicationScoped
public class TransferService {
    private final Sql sql;
    private final LedgerStore store;
    private final LowBalanceAlerts alerts;
    private final OutboxWriter outbox;
    private final LedgerConfig config;

    TransferService(Sql sql, LedgerStore store, LowBalanceAlerts alerts, OutboxWriter outbox, LedgerConfig config) {
        this.sql = sql;
        this.store = store;
        this.alerts = alerts;
        this.outbox = outbox;
        this.config = config;
    }

    static UUID reserveId(String generationId) {
        return Ids.derived("reserve:" + generationId);
    }

    static UUID resolutionId(String generationId) {
        return Ids.derived("resolve:" + generationId);
    }

    static UUID grantId(String grantKey) {
        return Ids.derived("grant:" + grantKey);
    }

    /** Reserves one generation's cost; see {@link #reserveAll}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public TransferResult reserve(GenerationRequested request) {
        return reserveAll(List.of(request)).get(0);
    }

    /**
     * Reserves each generation's cost and admits it, in order; a short balance rejects it (BSE1004) and fails the
     * generation. A terminal fact that arrived first is applied at once (reserve then post or void, no admission).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<TransferResult> reserveAll(List<GenerationRequested> requests) {
        Set<String> accounts = new LinkedHashSet<>();
        Set<String> generations = new LinkedHashSet<>();
        for (GenerationRequested request : requests) {
            if (validAccount(request.accountId())) {
                accounts.add(request.accountId());
            }
            if (validId(request.generationId())) {
                generations.add(request.generationId());
            }
        }
        LedgerBook book = store.lock(accounts);
        Map<String, Reservation> reservations = store.reservations(generations);
        Map<String, Rejection> rejections = store.rejections(generations);
        Map<String, EarlyTerminal> early = store.earlyTerminals(generations);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<TransferResult> results = new ArrayList<>(requests.size());
        for (GenerationRequested request : requests) {
            results.add(reserveOne(book, request, reservations, rejections, early, now));
        }
        store.flush(book);
        return results;
    }

    private TransferResult reserveOne(LedgerBook book, GenerationRequested request, Map<String, Reservation> reservations,
            Map<String, Rejection> rejections, Map<String, EarlyTerminal> early, Instant now) {
        String generationId = request.generationId();
        if (!validId(generationId)) {
            return TransferResult.rejected(ErrorCode.INVALID_INPUT, "generation_id");
        }
        Reservation reserved = reservations.get(generationId);
        if (reserved != null) {
            return sameRequest(request, reserved.accountId(), reserved.amountMicros(), reserved.modelIdentifier());
        }
        Rejection rejected = rejections.get(generationId);
        if (rejected != null) {
            return sameRequest(request, rejected.accountId(), rejected.costMicros(), rejected.modelIdentifier());
        }
        if (!validAccount(request.accountId())) {
            return reject(book, request, rejections, ErrorCode.INVALID_INPUT, "account_id", "invalid account_id", true);
        }
        if (request.costMicros() <= 0 || request.costMicros() > config.maxAmountMicros()) {
            return reject(book, request, rejections, ErrorCode.LEDGER_AMOUNT_INVALID, "cost_micros", "invalid cost", true);
        }
        String account = request.accountId();
        EarlyTerminal terminal = early.get(generationId);
        if (book.balance(account, LedgerBook.AVAILABLE) < request.costMicros()) {
            if (terminal != null) {
                // The generation already ended; failing it again would contradict that fact. It is closed unpaid.
                book.earlyTerminalsApplied.add(generationId);
                return reject(book, request, rejections, ErrorCode.INSUFFICIENT_CREDITS, null,
                        "insufficient credits; " + terminal.reason() + " arrived before the reservation", false);
            }
            return reject(book, request, rejections, ErrorCode.INSUFFICIENT_CREDITS, null, "insufficient credits", true);
        }
        book.move(account, LedgerBook.AVAILABLE, LedgerBook.HELD, request.costMicros());
        long availableAfter = book.balance(account, LedgerBook.AVAILABLE);
        UUID id = reserveId(generationId);
        Instant expiresAt = now.plus(ModelDefinition.VIDEO.equals(request.mediaType())
                ? config.reservationTimeoutVideo() : config.reservationTimeoutImage());
        book.transfers.add(new NewTransfer(id, account, "reserve", AccountIds.of(account, AccountIds.AVAILABLE),
                AccountIds.of(account, AccountIds.HELD), request.costMicros(), null, generationId, request.modelIdentifier(), null,
                null, null, availableAfter, expiresAt));
        Reservation reservation = new Reservation(id, generationId, account, request.costMicros(), request.modelIdentifier(),
                expiresAt);
        reservations.put(generationId, reservation);
        book.events.add(new CreditsReserved(account, generationId, id.toString(), request.costMicros(), availableAfter));
        alerts.afterReservation(book, account, availableAfter);
        if (terminal != null) {
            // Terminal is terminal: the outcome that arrived first settles the reservation now; nothing is dispatched.
            book.earlyTerminalsApplied.add(generationId);
            applyResolution(book, reservation, terminal.post(), terminal.reason());
        } else {
            book.events.add(new GenerationAdmitted(generationId, account, request.modelIdentifier(), request.mediaType(),
                    request.parameters(), request.providerOrder(), request.providerOrderFastest(), request.costMicros(),
                    id.toString(), now));
        }
        return TransferResult.created();
    }

    private static TransferResult sameRequest(GenerationRequested request, String accountId, long costMicros, String modelIdentifier) {
        if (!Objects.equals(accountId, request.accountId())) {
            return TransferResult.rejected(ErrorCode.LEDGER_TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS, "account_id");
        }
        if (costMicros != request.costMicros()) {
            return TransferResult.rejected(ErrorCode.LEDGER_TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS, "cost_micros");
        }
        if (!Objects.equals(modelIdentifier, request.modelIdentifier())) {
            return TransferResult.rejected(ErrorCode.LEDGER_TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS, "model_identifier");
        }
        return TransferResult.exists();
    }

    private static TransferResult reject(LedgerBook book, GenerationRequested request, Map<String, Rejection> rejections,
            ErrorCode code, String field, String reason, boolean failGeneration) {
        Rejection rejection = new Rejection(request.generationId(), request.accountId() == null ? "" : request.accountId(),
                code.code(), request.costMicros(), request.modelIdentifier(), reason);
        book.rejections.add(rejection);
        rejections.put(request.generationId(), rejection);
        if (failGeneration) {
            book.events.add(new GenerationFailed(request.generationId(), request.accountId(), request.modelIdentifier(), code.code(),
                    code.defaultMessage(), List.of(), GenerationFailed.BY_LEDGER, Instant.now()));
        }
        return TransferResult.rejected(code, field);
    }

    /** Forwards a cancel to the router behind the admission (same key, dispatch topic). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void forwardCancel(String generationId, String accountId, Instant requestedAt) {
        outbox.append(new GenerationCancelForwarded(generationId, accountId, requestedAt));
    }

    /** Posts the reservation of a succeeded generation; see {@link #resolveAll}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public TransferResult post(String generationId, String accountId) {
        return resolveAll(List.of(TerminalFact.succeeded(generationId, accountId))).get(0);
    }

    /** Voids the reservation of a failed generation; see {@link #resolveAll}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public TransferResult voidReservation(String generationId, String accountId) {
        return resolveAll(List.of(TerminalFact.failed(generationId, accountId))).get(0);
    }

    /**
     * Applies terminal facts in order: the first resolves the reservation (post or void) exactly once; a later one
     * is a no-op reported as already posted / voided / expired. A fact without a reservation is recorded and
     * applied when the reservation arrives (DEFERRED).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<TransferResult> resolveAll(List<TerminalFact> facts) {
        Set<String> accounts = new LinkedHashSet<>();
        Set<String> generations = new LinkedHashSet<>();
        for (TerminalFact fact : facts) {
            if (validAccount(fact.accountId())) {
                accounts.add(fact.accountId());
            }
            if (validId(fact.generationId())) {
                generations.add(fact.generationId());
            }
        }
        // Read after the lock: a reservation or resolution of these generations can only be written under it.
        LedgerBook book = store.lock(accounts);
        Map<String, Reservation> reservations = store.reservations(generations);
        Map<String, Resolution> resolutions = store.resolutions(generations);
        Map<String, Rejection> rejections = store.rejections(generations);
        Map<String, EarlyTerminal> early = store.earlyTerminals(generations);
        List<TransferResult> results = new ArrayList<>(facts.size());
        for (TerminalFact fact : facts) {
            results.add(resolveOne(book, fact, reservations, resolutions, rejections, early));
        }
        store.flush(book);
        return results;
    }

    private TransferResult resolveOne(LedgerBook book, TerminalFact fact, Map<String, Reservation> reservations,
            Map<String, Resolution> resolutions, Map<String, Rejection> rejections, Map<String, EarlyTerminal> early) {
        if (!validId(fact.generationId())) {
            return TransferResult.rejected(ErrorCode.INVALID_INPUT, "generation_id");
        }
        if (!validAccount(fact.accountId())) {
            return TransferResult.rejected(ErrorCode.INVALID_INPUT, "account_id");
        }
        Reservation reservation = reservations.get(fact.generationId());
        if (reservation == null) {
            if (rejections.containsKey(fact.generationId())) {
                return TransferResult.rejected(ErrorCode.LEDGER_PENDING_TRANSFER_NOT_FOUND, null);
            }
            if (!early.containsKey(fact.generationId())) {
                EarlyTerminal terminal = new EarlyTerminal(fact.generationId(), fact.accountId(), fact.post(), fact.reason());
                early.put(fact.generationId(), terminal);
                book.earlyTerminalsRecorded.add(terminal);
            }
            return TransferResult.deferred();
        }
        if (!reservation.accountId().equals(fact.accountId())) {
            return TransferResult.rejected(ErrorCode.LEDGER_TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS, "account_id");
        }
        Resolution resolution = resolutions.get(fact.generationId());
        if (resolution != null) {
            return alreadyResolved(resolution, fact.post(), fact.reason());
        }
        applyResolution(book, reservation, fact.post(), fact.reason());
        resolutions.put(fact.generationId(), new Resolution(fact.generationId(), fact.post(), fact.reason()));
        return TransferResult.created();
    }

    private static TransferResult alreadyResolved(Resolution resolution, boolean post, String reason) {
        if (resolution.post() == post && Objects.equals(resolution.reason(), reason)) {
            return TransferResult.exists();
        }
        if (TerminalFact.EXPIRED.equals(resolution.reason())) {
            return TransferResult.rejected(ErrorCode.LEDGER_PENDING_TRANSFER_EXPIRED, null);
        }
        return TransferResult.rejected(resolution.post() ? ErrorCode.LEDGER_PENDING_TRANSFER_ALREADY_POSTED
                : ErrorCode.LEDGER_PENDING_TRANSFER_ALREADY_VOIDED, null);
    }

    private void applyResolution(LedgerBook book, Reservation reservation, boolean post, String reason) {
        String account = reservation.accountId();
        int target = post ? LedgerBook.SPENT : LedgerBook.AVAILABLE;
        book.move(account, LedgerBook.HELD, target, reservation.amountMicros());
        long availableAfter = book.balance(account, LedgerBook.AVAILABLE);
        UUID id = resolutionId(reservation.generationId());
        book.transfers.add(new NewTransfer(id, account, post ? "post" : "void", AccountIds.of(account, AccountIds.HELD),
                AccountIds.of(account, LedgerBook.KINDS[target]), reservation.amountMicros(), reservation.id(),
                reservation.generationId(), reservation.modelIdentifier(), null, null, reason, availableAfter, null));
        if (post) {
            book.events.add(new CreditsPosted(account, reservation.generationId(), id.toString(), reservation.amountMicros(),
                    availableAfter));
        } else {
            book.events.add(new CreditsVoided(account, reservation.generationId(), id.toString(), reservation.amountMicros(),
                    availableAfter, reason));
            alerts.afterIncrease(book, account, availableAfter);
        }
    }

    /** Adds credits, idempotent by grant key; throws the rejection as a {@link ServiceException} for REST callers. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Balance grant(String accountId, String grantKey, long amountMicros, String description) {
        TransferResult result = grantAll(List.of(new CreditGrantRequested(accountId, grantKey, amountMicros, description))).get(0);
        if (result.isRejected()) {
            throw new ServiceException(result.code(), grantMessage(result), result.field());
        }
        return balance(accountId);
    }

    private static String grantMessage(TransferResult result) {
        return switch (result.code()) {
            case LEDGER_GRANT_KEY_CONFLICT -> "grant key already used with another " + result.field();
            case INVALID_INPUT -> result.field() + " is required (1-" + (result.field().equals("grant_key") ? 255 : 64) + " characters)";
            default -> result.code().defaultMessage();
        };
    }

    /** Adds credits for each command in order, idempotent by grant key; the same key with another account or amount is BSE3008. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<TransferResult> grantAll(List<CreditGrantRequested> grants) {
        Set<String> accounts = new LinkedHashSet<>();
        Set<String> keys = new LinkedHashSet<>();
        for (CreditGrantRequested grant : grants) {
            if (validAccount(grant.accountId()) && validGrantKey(grant.grantKey())) {
                accounts.add(grant.accountId());
                keys.add(grant.grantKey());
            }
        }
        LedgerBook book = store.lock(accounts);
        Map<String, StoredGrant> existing = store.grants(keys);
        List<TransferResult> results = new ArrayList<>(grants.size());
        for (CreditGrantRequested grant : grants) {
            results.add(grantOne(book, grant, existing));
        }
        store.flush(book);
        return results;
    }

    private TransferResult grantOne(LedgerBook book, CreditGrantRequested grant, Map<String, StoredGrant> existing) {
        if (!validGrantKey(grant.grantKey())) {
            return TransferResult.rejected(ErrorCode.INVALID_INPUT, "grant_key");
        }
        if (!validAccount(grant.accountId())) {
            return TransferResult.rejected(ErrorCode.INVALID_INPUT, "account_id");
        }
        if (grant.amountMicros() <= 0 || grant.amountMicros() > config.maxAmountMicros()) {
            return TransferResult.rejected(ErrorCode.LEDGER_AMOUNT_INVALID, "amount_micros");
        }
        StoredGrant stored = existing.get(grant.grantKey());
        if (stored != null) {
            if (!stored.accountId().equals(grant.accountId())) {
                return TransferResult.rejected(ErrorCode.LEDGER_GRANT_KEY_CONFLICT, "account_id");
            }
            if (stored.amountMicros() != grant.amountMicros()) {
                return TransferResult.rejected(ErrorCode.LEDGER_GRANT_KEY_CONFLICT, "amount_micros");
            }
            return TransferResult.exists();
        }
        String account = grant.accountId();
        book.move(account, LedgerBook.GRANTED, LedgerBook.AVAILABLE, grant.amountMicros());
        long availableAfter = book.balance(account, LedgerBook.AVAILABLE);
        UUID id = grantId(grant.grantKey());
        book.transfers.add(new NewTransfer(id, account, "grant", AccountIds.of(account, AccountIds.GRANTED),
                AccountIds.of(account, AccountIds.AVAILABLE), grant.amountMicros(), null, null, null, grant.grantKey(),
                grant.description(), null, availableAfter, null));
        existing.put(grant.grantKey(), new StoredGrant(account, grant.amountMicros()));
        book.events.add(new CreditsGranted(account, grant.grantKey(), id.toString(), grant.amountMicros(), availableAfter));
        alerts.afterIncrease(book, account, availableAfter);
        return TransferResult.created();
    }

    /** Voids reservations past their bound and fails their generations (BSE5003), so credits are never stuck. */
    @Transactional
    public int expireOverdue(Instant now, int limit) {
        List<Reservation> overdue = store.overdue(now, limit);
        if (overdue.isEmpty()) {
            return 0;
        }
        Set<String> accounts = new LinkedHashSet<>();
        Set<String> generations = new LinkedHashSet<>();
        for (Reservation reservation : overdue) {
            accounts.add(reservation.accountId());
            generations.add(reservation.generationId());
        }
        LedgerBook book = store.lock(accounts);
        // Another replica or a late success may have resolved some while we waited for the lock.
        Map<String, Resolution> resolutions = store.resolutions(generations);
        for (Reservation reservation : overdue) {
            if (!resolutions.containsKey(reservation.generationId())) {
                applyResolution(book, reservation, false, TerminalFact.EXPIRED);
                book.events.add(new GenerationFailed(reservation.generationId(), reservation.accountId(), reservation.modelIdentifier(),
                        ErrorCode.RESERVATION_EXPIRED.code(), ErrorCode.RESERVATION_EXPIRED.defaultMessage(), List.of(),
                        GenerationFailed.BY_LEDGER, now));
            }
        }
        store.flush(book);
        return overdue.size();
    }

    /** The customer's balances; zero balances for an account the ledger never saw (api-service asks before the first grant). */
    @Transactional
    public Balance balance(String accountId) {
        long[] values = new long[4];
        sql.query("SELECT kind, balance_micros FROM ledger_accounts WHERE account_id = ?", rs -> {
            switch (rs.getString(1)) {
                case AccountIds.AVAILABLE -> values[0] = rs.getLong(2);
                case AccountIds.HELD -> values[1] = rs.getLong(2);
                case AccountIds.SPENT -> values[2] = rs.getLong(2);
                default -> values[3] = rs.getLong(2);
            }
            return null;
        }, accountId);
        return new Balance(accountId, values[0], values[1], values[2], values[3]);
    }

    /** Whether the ledger has accounts for this customer. */
    @Transactional
    public boolean exists(String accountId) {
        return sql.queryLong("SELECT 1 FROM ledger_accounts WHERE account_id = ? LIMIT 1", accountId).isPresent();
    }

    /** The customer's entries, newest first, as reserve/charge/refund/add with the available balance after each. */
    @Transactional
    public List<StatementEntry> statement(String accountId, int limit, int offset) {
        return sql.query("SELECT id, kind, amount_micros, available_after, generation_id, model_identifier, "
                        + "coalesce(description, reason), created_at FROM transfers WHERE account_id = ? "
                        + "ORDER BY seq DESC LIMIT ? OFFSET ?",
                rs -> new StatementEntry(rs.getString(1), publicType(rs.getString(2)), rs.getLong(3), rs.getLong(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), Sql.instant(rs, "created_at")),
                accountId, limit, offset);
    }

    /** Total number of entries of a customer. */
    @Transactional
    public long statementSize(String accountId) {
        return sql.queryLong("SELECT count(*) FROM transfers WHERE account_id = ?", accountId).orElse(0L);
    }

    private static String publicType(String kind) {
        return switch (kind) {
            case "reserve" -> "reserve";
            case "post" -> "charge";
            case "void" -> "refund";
            default -> "add";
        };
    }

    static boolean validAccount(String accountId) {
        return accountId != null && !accountId.isBlank() && accountId.length() <= 64;
    }

    private static boolean validId(String id) {
        return id != null && !id.isBlank() && id.length() <= 128;
    }

    private static boolean validGrantKey(String grantKey) {
        return grantKey != null && !grantKey.isBlank() && grantKey.length() <= 255;
    }
}
