package ai.babysea.api.idempotency;

import ai.babysea.platform.jdbc.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** SQL of the `idempotency_keys` table: one row per (account, key), the request's fingerprint and, once answered, the answer. */
@ApplicationScoped
public class IdempotencyRepository {
    private final Sql sql;

    IdempotencyRepository(Sql sql) {
        this.sql = sql;
    }

    /** A stored key: the fingerprint of its request and the answer, null while the request runs. */
    record Stored(String requestHash, UUID generationId, int responseStatus, String responseBody) {
    }

    /** Claims a key that nobody holds; false when a row exists (a concurrent claim waits for the holder's commit). */
    boolean insert(UUID accountId, String key, String fingerprint) {
        return sql.update("INSERT INTO idempotency_keys (account_id, idempotency_key, request_hash) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                accountId, key, fingerprint) == 1;
    }

    /** Takes over a record older than {@code window}, or an unanswered one older than {@code abandonedAfter}; false otherwise. */
    boolean takeOver(UUID accountId, String key, String fingerprint, Duration window, Duration abandonedAfter) {
        return sql.update("UPDATE idempotency_keys SET request_hash = ?, generation_id = NULL, response_status = NULL, "
                        + "response_body = NULL, created_at = now() WHERE account_id = ? AND idempotency_key = ? AND "
                        + "(created_at < now() - make_interval(secs => ?) OR (response_body IS NULL AND created_at < now() - make_interval(secs => ?)))",
                fingerprint, accountId, key, (double) window.toSeconds(), (double) abandonedAfter.toSeconds()) == 1;
    }

    /** The stored key, if any. */
    Optional<Stored> find(UUID accountId, String key) {
        return sql.queryOne("SELECT request_hash, generation_id, response_status, response_body FROM idempotency_keys "
                        + "WHERE account_id = ? AND idempotency_key = ?",
                rs -> new Stored(rs.getString(1), rs.getObject(2, UUID.class), rs.getObject(3) == null ? 0 : rs.getInt(3), rs.getString(4)),
                accountId, key);
    }

    /** Stores the answer of the key's request. */
    void answer(UUID accountId, String key, UUID generationId, int status, String body) {
        sql.update("UPDATE idempotency_keys SET generation_id = ?, response_status = ?, response_body = ? "
                + "WHERE account_id = ? AND idempotency_key = ?", generationId, status, body, accountId, key);
    }

    /** Deletes a claim that has no answer. */
    void deleteUnanswered(UUID accountId, String key) {
        sql.update("DELETE FROM idempotency_keys WHERE account_id = ? AND idempotency_key = ? AND response_body IS NULL", accountId, key);
    }

    /** Deletes at most {@code batch} records older than {@code window}; returns how many. */
    int deleteOlderThan(Duration window, int batch) {
        return sql.update("DELETE FROM idempotency_keys WHERE ctid IN (SELECT ctid FROM idempotency_keys WHERE created_at < now() - "
                + "make_interval(secs => ?) LIMIT ?)", (double) window.toSeconds(), batch);
    }
}
