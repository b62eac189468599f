package ai.babysea.api.idempotency;

import ai.babysea.api.error.ApiException;
import ai.babysea.api.error.ErrorDetails;
import ai.babysea.contracts.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * `Idempotency-Key` for generation creates (docs/api/README.md, "Idempotency"): 24 h window per account. The first request
 * claims the key with an INSERT (the primary key makes concurrent duplicates wait for, then see,
 * the claim); its success response is stored in the same transaction as the generation, so a key
 * maps to exactly one generation. A duplicate with the same body replays the stored answer, with a
 * different body is BSE2015, and while the first is still running is BSE2016. Failed requests
 * release the key, so the client can retry them.
 */
@ApplicationScoped
public class IdempotencyService {
    /** The contract's key syntax. */
    public static final Pattern KEY = Pattern.compile("^[A-Za-z0-9_.:-]{1,255}$");
    /** How long a key is remembered. */
    public static final Duration WINDOW = Duration.ofHours(24);
    /** A claim with no answer after this long belongs to a crashed request and may be taken over. */
    public static final Duration ABANDONED_AFTER = Duration.ofSeconds(60);

    private final IdempotencyRepository keys;

    IdempotencyService(IdempotencyRepository keys) {
        this.keys = keys;
    }

    /** What to do with a request carrying a key. */
    public sealed interface Claim {
    }

    /** The key is ours: run the request. */
    public record Proceed() implements Claim {
    }

    /** The key was answered before: replay this. */
    public record Replay(int status, String body, UUID generationId) implements Claim {
    }

    /** Validates the header value; BSE2001 naming the header when malformed. */
    public static String validate(String key) {
        if (key == null) {
            return null;
        }
        if (!KEY.matcher(key).matches()) {
            throw new ApiException(ErrorCode.INVALID_INPUT, "Idempotency-Key must be 1-255 characters of A-Z a-z 0-9 _ - : .",
                    "Idempotency-Key");
        }
        return key;
    }

    /** A fingerprint of what the request asks for: route and exact body bytes. */
    public static String fingerprint(String route, String body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(route.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update((body == null ? "" : body).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims the key or reports how the earlier request with it stands (its own short transaction). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Claim claim(UUID accountId, String key, String fingerprint) {
        if (keys.insert(accountId, key, fingerprint)) {
            return new Proceed();
        }
        // An expired record, or a claim whose request crashed, is taken over by this request.
        if (keys.takeOver(accountId, key, fingerprint, WINDOW, ABANDONED_AFTER)) {
            return new Proceed();
        }
        Optional<IdempotencyRepository.Stored> found = keys.find(accountId, key);
        if (found.isEmpty()) {
            // released between our insert attempt and the read: the caller may simply retry
            throw new ApiException(ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS, null, "Idempotency-Key");
        }
        IdempotencyRepository.Stored stored = found.get();
        if (!fingerprint.equals(stored.requestHash())) {
            throw new ApiException(ErrorCode.IDEMPOTENCY_KEY_REUSED, "This Idempotency-Key was already used with a different request body.",
                    "Idempotency-Key");
        }
        if (stored.responseBody() == null) {
            throw new ApiException(ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS, ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS.httpStatus(),
                    "A request with this Idempotency-Key is still being processed; retry shortly.", ErrorDetails.field("Idempotency-Key"),
                    Map.of("Retry-After", "1"));
        }
        return new Replay(stored.responseStatus(), stored.responseBody(), stored.generationId());
    }

    /** Stores the answer — inside the transaction that created the generation, so both commit together. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void complete(UUID accountId, String key, UUID generationId, int status, String body) {
        keys.answer(accountId, key, generationId, status, body);
    }

    /** Releases a claim whose request failed, so a retry runs again. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void release(UUID accountId, String key) {
        keys.deleteUnanswered(accountId, key);
    }

    /** Forgets records older than the window (bounded batch). */
    @Transactional
    public int purgeExpired(int batch) {
        return keys.deleteOlderThan(WINDOW, batch);
    }
}
