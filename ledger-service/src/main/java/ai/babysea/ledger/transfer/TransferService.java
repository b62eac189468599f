package ai.babysea.ledger.transfer;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.contracts.Ids;
import ai.babysea.contracts.catalog.ModelDefinition;
import ai.babysea.contracts.events.CreditsGranted;
import ai.babysea.contracts.events.CreditsPosted;
import ai.babysea.contracts.events.CreditsReserved;
import ai.babysea.contracts.events.CreditsVoided;
import ai.babysea.contracts.events.GenerationAdmitted;
import ai.babysea.contracts.events.GenerationCancelForwarded;
import ai.babysea.contracts.events.GenerationFailed;
import ai.babysea.contracts.events.GenerationRequested;
import ai.babysea.ledger.config.LedgerConfig;
import ai.babysea.platform.jdbc.Sql;
import ai.babysea.platform.outbox.OutboxWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The ledger's use cases, each one transaction: reserve (pending transfer), post, void, grant,
 * expire. Transfer ids derive from the cause (`reserve:<generation>`...), so a redelivered
 * command finds its transfer and changes nothing.
 */
@ApplicationScoped
public class TransferService {
    private static final Logger LOG = Logger.getLogger(TransferService.class);

    private final Sql sql;
    private final OutboxWriter outbox;
    private final LedgerConfig config;

    TransferService(Sql sql, OutboxWriter outbox, LedgerConfig config) {
        this.sql = sql;
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

    /** Reserves the generation's cost and admits it, or fails it with BSE1004 when the balance is short. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void reserve(GenerationRequested request) {
        UUID id = reserveId(request.generationId());
        if (sql.queryLong("SELECT 1 FROM transfers WHERE id = ?", id).isPresent()
                || sql.queryLong("SELECT 1 FROM rejected_generations WHERE generation_id = ?", request.generationId()).isPresent()) {
            return;
        }
        if (request.costMicros() <= 0) {
            throw new LedgerException(ErrorCode.LEDGER_AMOUNT_INVALID, "cost must be positive", "cost_micros");
        }
        ensureAccounts(request.accountId());
        Optional<Long> availableAfter = sql.queryLong(
                "UPDATE ledger_accounts SET balance_micros = balance_micros - ? WHERE id = ? AND balance_micros >= ? RETURNING balance_micros",
                request.costMicros(), AccountIds.of(request.accountId(), AccountIds.AVAILABLE), request.costMicros());
        if (availableAfter.isEmpty()) {
            sql.update("INSERT INTO rejected_generations (generation_id, account_id, error_code) VALUES (?, ?, ?)",
                    request.generationId(), request.accountId(), ErrorCode.INSUFFICIENT_CREDITS.code());
            outbox.append(new GenerationFailed(request.generationId(), request.accountId(), request.modelIdentifier(),
                    ErrorCode.INSUFFICIENT_CREDITS.code(), ErrorCode.INSUFFICIENT_CREDITS.defaultMessage(), List.of(),
                    GenerationFailed.BY_LEDGER, Instant.now()));
            return;
        }
        sql.update("UPDATE ledger_accounts SET balance_micros = balance_micros + ? WHERE id = ?",
                request.costMicros(), AccountIds.of(request.accountId(), AccountIds.HELD));
        Instant expiresAt = Instant.now().plus(ModelDefinition.VIDEO.equals(request.mediaType())
                ? config.reservationTimeoutVideo() : config.reservationTimeoutImage());
        sql.update("INSERT INTO transfers (id, account_id, kind, debit_account, credit_account, amount_micros, generation_id, "
                        + "model_identifier, available_after, expires_at) VALUES (?, ?, 'reserve', ?, ?, ?, ?, ?, ?, ?)",
                id, request.accountId(), AccountIds.of(request.accountId(), AccountIds.AVAILABLE),
                AccountIds.of(request.accountId(), AccountIds.HELD), request.costMicros(), request.generationId(),
                request.modelIdentifier(), availableAfter.get(), expiresAt);
        outbox.append(new CreditsReserved(request.accountId(), request.generationId(), id.toString(), request.costMicros(),
                availableAfter.get()));
        outbox.append(new GenerationAdmitted(request.generationId(), request.accountId(), request.modelIdentifier(),
                request.mediaType(), request.parameters(), request.providerOrder(), request.providerOrderFastest(),
                request.costMicros(), id.toString(), Instant.now()));
    }

    /** Forwards a cancel to the router behind the admission (same key, dispatch topic). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void forwardCancel(String generationId, String accountId, Instant requestedAt) {
        outbox.append(new GenerationCancelForwarded(generationId, accountId, requestedAt));
    }

    /** Posts the reservation of a succeeded generation. A second resolution is a no-op. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void post(String generationId) {
        resolve(generationId, true, "generation.succeeded");
    }

    /** Voids the reservation of a failed or refunded canceled generation. A second resolution is a no-op. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void voidReservation(String generationId, String reason) {
        resolve(generationId, false, reason);
    }

    private boolean resolve(String generationId, boolean post, String reason) {
        UUID pendingId = reserveId(generationId);
        Optional<Reservation> reservation = sql.queryOne(
                "SELECT account_id, amount_micros, model_identifier FROM transfers WHERE id = ? FOR UPDATE",
                rs -> new Reservation(rs.getString(1), rs.getLong(2), rs.getString(3)), pendingId);
        if (reservation.isEmpty()) {
            LOG.debugf("no reservation for generation %s (%s); nothing to resolve", generationId, reason);
            return false;
        }
        UUID id = resolutionId(generationId);
        if (sql.queryLong("SELECT 1 FROM transfers WHERE id = ?", id).isPresent()) {
            return false;
        }
        Reservation held = reservation.get();
        String heldAccount = AccountIds.of(held.accountId(), AccountIds.HELD);
        String target = AccountIds.of(held.accountId(), post ? AccountIds.SPENT : AccountIds.AVAILABLE);
        sql.update("UPDATE ledger_accounts SET balance_micros = balance_micros - ? WHERE id = ?", held.amountMicros(), heldAccount);
        sql.update("UPDATE ledger_accounts SET balance_micros = balance_micros + ? WHERE id = ?", held.amountMicros(), target);
        long availableAfter = sql.queryLong("SELECT balance_micros FROM ledger_accounts WHERE id = ?",
                AccountIds.of(held.accountId(), AccountIds.AVAILABLE)).orElseThrow();
        sql.update("INSERT INTO transfers (id, account_id, kind, debit_account, credit_account, amount_micros, pending_id, "
                        + "generation_id, model_identifier, reason, available_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id, held.accountId(), post ? "post" : "void", heldAccount, target, held.amountMicros(), pendingId, generationId,
                held.modelIdentifier(), reason, availableAfter);
        if (post) {
            outbox.append(new CreditsPosted(held.accountId(), generationId, id.toString(), held.amountMicros(), availableAfter));
        } else {
            outbox.append(new CreditsVoided(held.accountId(), generationId, id.toString(), held.amountMicros(), availableAfter, reason));
        }
        return true;
    }

    /** Adds credits, idempotent by grant key; the same key with another account or amount is a conflict naming the field. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Balance grant(String accountId, String grantKey, long amountMicros, String description) {
        if (grantKey == null || grantKey.isBlank() || grantKey.length() > 255) {
            throw new LedgerException(ErrorCode.INVALID_INPUT, "grant_key is required (1-255 characters)", "grant_key");
        }
        if (accountId == null || accountId.isBlank() || accountId.length() > 64) {
            throw new LedgerException(ErrorCode.INVALID_INPUT, "account_id is required", "account_id");
        }
        if (amountMicros <= 0 || amountMicros > config.maxGrantMicros()) {
            throw new LedgerException(ErrorCode.LEDGER_AMOUNT_INVALID, ErrorCode.LEDGER_AMOUNT_INVALID.defaultMessage(), "amount_micros");
        }
        UUID id = grantId(grantKey);
        Optional<long[]> existing = sql.queryOne("SELECT amount_micros FROM transfers WHERE id = ?", rs -> new long[] {rs.getLong(1)}, id);
        Optional<String> existingAccount = sql.queryOne("SELECT account_id FROM transfers WHERE id = ?", rs -> rs.getString(1), id);
        if (existing.isPresent()) {
            if (!existingAccount.get().equals(accountId)) {
                throw new LedgerException(ErrorCode.LEDGER_GRANT_KEY_CONFLICT, "grant key already used for another account", "account_id");
            }
            if (existing.get()[0] != amountMicros) {
                throw new LedgerException(ErrorCode.LEDGER_GRANT_KEY_CONFLICT, "grant key already used with another amount", "amount_micros");
            }
            return balance(accountId);
        }
        ensureAccounts(accountId);
        sql.update("UPDATE ledger_accounts SET balance_micros = balance_micros - ? WHERE id = ?", amountMicros,
                AccountIds.of(accountId, AccountIds.GRANTED));
        long availableAfter = sql.queryLong("UPDATE ledger_accounts SET balance_micros = balance_micros + ? WHERE id = ? RETURNING balance_micros",
                amountMicros, AccountIds.of(accountId, AccountIds.AVAILABLE)).orElseThrow();
        sql.update("INSERT INTO transfers (id, account_id, kind, debit_account, credit_account, amount_micros, grant_key, description, "
                        + "available_after) VALUES (?, ?, 'grant', ?, ?, ?, ?, ?, ?)",
                id, accountId, AccountIds.of(accountId, AccountIds.GRANTED), AccountIds.of(accountId, AccountIds.AVAILABLE),
                amountMicros, grantKey, description, availableAfter);
        outbox.append(new CreditsGranted(accountId, grantKey, id.toString(), amountMicros, availableAfter));
        return balance(accountId);
    }

    /** Voids reservations past their bound and fails their generations, so credits are never stuck. */
    @Transactional
    public int expireOverdue(Instant now, int limit) {
        List<String[]> overdue = sql.query(
                "SELECT r.generation_id, r.account_id, r.model_identifier FROM transfers r WHERE r.kind = 'reserve' AND r.expires_at < ? "
                        + "AND NOT EXISTS (SELECT 1 FROM transfers x WHERE x.pending_id = r.id) ORDER BY r.expires_at LIMIT ? "
                        + "FOR UPDATE SKIP LOCKED",
                rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}, now, limit);
        for (String[] row : overdue) {
            if (resolve(row[0], false, "reservation.expired")) {
                outbox.append(new GenerationFailed(row[0], row[1], row[2], ErrorCode.RESERVATION_EXPIRED.code(),
                        ErrorCode.RESERVATION_EXPIRED.defaultMessage(), List.of(), "ledger", now));
            }
        }
        return overdue.size();
    }

    /** The customer's balances; zero balances for an account the ledger never saw. */
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

    /** The customer's entries, newest first, as reserve/charge/refund/add with the available balance after each. */
    @Transactional
    public List<StatementEntry> statement(String accountId, int limit, int offset) {
        return sql.query("SELECT id, kind, amount_micros, available_after, generation_id, model_identifier, "
                        + "coalesce(description, reason), created_at FROM transfers WHERE account_id = ? "
                        + "ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
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

    private void ensureAccounts(String accountId) {
        for (String kind : new String[] {AccountIds.AVAILABLE, AccountIds.HELD, AccountIds.SPENT, AccountIds.GRANTED}) {
            sql.update("INSERT INTO ledger_accounts (id, account_id, kind) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    AccountIds.of(accountId, kind), accountId, kind);
        }
    }

    private record Reservation(String accountId, long amountMicros, String modelIdentifier) {
    }
}
