package ai.babysea.sdk;

import java.util.regex.Pattern;

/**
 * Per-call options of a generation create.
 *
 * @param idempotencyKey the `Idempotency-Key` to send (`^[A-Za-z0-9_.:-]{1,255}$`); null: the SDK generates one. Reuse a
 *     key to repeat a create safely within 24 h: the API answers the first outcome again instead of creating twice.
 */
public record RequestOptions(String idempotencyKey) {
    static final Pattern IDEMPOTENCY_KEY = Pattern.compile("^[A-Za-z0-9_.:-]{1,255}$");

    public RequestOptions {
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw new IllegalArgumentException("Idempotency-Key must match ^[A-Za-z0-9_.:-]{1,255}$");
        }
    }

    /** Options with this Idempotency-Key. */
    public static RequestOptions idempotencyKey(String key) {
        return new RequestOptions(key);
    }

    /** No options: a generated Idempotency-Key. */
    public static RequestOptions none() {
        return new RequestOptions(null);
    }
}
