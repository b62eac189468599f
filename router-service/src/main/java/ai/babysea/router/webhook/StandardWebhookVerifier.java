package ai.babysea.router.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies "Standard Webhooks" signatures as Replicate sends them: HMAC-SHA256 over
 * `{webhook-id}.{webhook-timestamp}.{raw body}` with the base64 key after `whsec_`, compared (constant
 * time) against each `v1,<base64>` entry of `webhook-signature`; timestamps outside the tolerance are refused.
 */
public final class StandardWebhookVerifier {
    private final byte[] key;
    private final long toleranceSeconds;

    /** A verifier for one `whsec_...` secret. */
    public StandardWebhookVerifier(String secret, long toleranceSeconds) {
        String encoded = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
        this.key = Base64.getDecoder().decode(encoded);
        this.toleranceSeconds = toleranceSeconds;
    }

    /** Whether the headers sign this exact body at a time within the tolerance of `nowSeconds`. */
    public boolean verify(String id, String timestamp, String signatures, byte[] body, long nowSeconds) {
        if (id == null || timestamp == null || signatures == null) {
            return false;
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(nowSeconds - sentAt) > toleranceSeconds) {
            return false;
        }
        byte[] expected = sign(id, timestamp.trim(), body).getBytes(StandardCharsets.US_ASCII);
        for (String entry : signatures.trim().split(" ")) {
            int comma = entry.indexOf(',');
            if (comma > 0 && entry.substring(0, comma).equals("v1")
                    && MessageDigest.isEqual(expected, entry.substring(comma + 1).getBytes(StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }

    /** The base64 signature of a message (also used by tests to act as the provider). */
    public String sign(String id, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
