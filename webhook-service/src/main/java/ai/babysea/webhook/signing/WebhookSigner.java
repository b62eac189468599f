package ai.babysea.webhook.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The public signing algorithm (docs/api/webhooks.md, "Signature"): HMAC-SHA256 keyed with the UTF-8 bytes of the full
 * {@code whsec_} secret (no base64 decoding) over {@code t + "." + rawBody}, rendered as lowercase hex.
 */
public final class WebhookSigner {
    /** Prefix of every endpoint secret. */
    public static final String SECRET_PREFIX = "whsec_";
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int SECRET_RANDOM_CHARS = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    });

    private WebhookSigner() {
    }

    /** A new secret: `whsec_` and 32 random alphanumerics (about 190 bits). */
    public static String newSecret() {
        StringBuilder secret = new StringBuilder(SECRET_PREFIX);
        for (int i = 0; i < SECRET_RANDOM_CHARS; i++) {
            secret.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return secret.toString();
    }

    /** The lowercase hex HMAC of `unixSeconds + "." + rawBody`. */
    public static String hmacHex(String secret, long unixSeconds, String rawBody) {
        try {
            // One Mac per thread: the JCA provider lookup of Mac.getInstance cost more than the HMAC of a small body.
            Mac mac = MAC.get();
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((unixSeconds + "." + rawBody).getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(64);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return hex.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The `X-BabySea-Signature` header value: `t=<unixSeconds>,v1=<hex>`. */
    public static String signatureHeader(String secret, long unixSeconds, String rawBody) {
        return "t=" + unixSeconds + ",v1=" + hmacHex(secret, unixSeconds, rawBody);
    }
}
