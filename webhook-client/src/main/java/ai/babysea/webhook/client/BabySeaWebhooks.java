package ai.babysea.webhook.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies a BabySea webhook the way the SDK's {@code verifyWebhook} does: the header's {@code t=} and
 * {@code v1=} parts, a symmetric timestamp tolerance, HMAC-SHA256 over {@code t + "." + rawBody} keyed with the
 * full {@code whsec_} secret, constant-time comparison, then JSON parsing of the raw body.
 */
public final class BabySeaWebhooks {
    /** The SDK's default tolerance between the signature timestamp and the receiver's clock. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);
    /** Name of the header carrying the signature. */
    public static final String SIGNATURE_HEADER = "X-BabySea-Signature";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BabySeaWebhooks() {
    }

    /** Verifies with the default 300 s tolerance. */
    public static WebhookEvent verify(String rawBody, String signatureHeader, String secret) {
        return verify(rawBody, signatureHeader, secret, DEFAULT_TOLERANCE);
    }

    /** Verifies against the system clock; throws {@link WebhookVerificationException} on any failure. */
    public static WebhookEvent verify(String rawBody, String signatureHeader, String secret, Duration tolerance) {
        return verify(rawBody, signatureHeader, secret, tolerance, Clock.systemUTC());
    }

    /** Verifies against the given clock (tests pin time with it). */
    public static WebhookEvent verify(String rawBody, String signatureHeader, String secret, Duration tolerance, Clock clock) {
        if (signatureHeader == null || signatureHeader.isEmpty()) {
            throw new WebhookVerificationException(WebhookVerificationException.Reason.MISSING_SIGNATURE, "missing signature header");
        }
        if (secret == null || secret.isEmpty()) {
            throw new WebhookVerificationException(WebhookVerificationException.Reason.MISSING_SECRET, "missing webhook secret");
        }
        if (rawBody == null) {
            throw new WebhookVerificationException(WebhookVerificationException.Reason.MALFORMED_BODY, "missing body");
        }
        String timestampPart = null;
        String signaturePart = null;
        for (String part : signatureHeader.split(",")) {
            String trimmed = part.trim();
            if (timestampPart == null && trimmed.startsWith("t=")) {
                timestampPart = trimmed.substring(2);
            } else if (signaturePart == null && trimmed.startsWith("v1=")) {
                signaturePart = trimmed.substring(3);
            }
        }
        if (timestampPart == null || signaturePart == null || timestampPart.isEmpty() || signaturePart.isEmpty()) {
            throw new WebhookVerificationException(WebhookVerificationException.Reason.MALFORMED_SIGNATURE,
                    "signature header must carry non-empty t= and v1= parts");
        }
        long timestamp;
        try {
            if (!timestampPart.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new NumberFormatException();
            }
            timestamp = Long.parseLong(timestampPart);
        } catch (NumberFormatException e) {
            throw new WebhookVerificationException(WebhookVerificationException.Reason.INVALID_TIMESTAMP, "timestamp is not numeric");
        }
        long nowSeconds = clock.millis() / 1000;
        if (Math.abs(nowSeconds - timestamp) > tolerance.toSeconds()) {
            throw new WebhookVerificationException(WebhookVerificationException.Reason.TIMESTAMP_OUT_OF_TOLERANCE,
                    "timestamp outside the tolerance");
        }
        byte[] expected = hex(hmacSha256(secret, timestampPart + "." + rawBody)).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signaturePart.getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new WebhookVerificationException(WebhookVerificationException.Reason.SIGNATURE_MISMATCH, "signature mismatch");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(rawBody);
        } catch (IOException e) {
            throw new WebhookVerificationException(WebhookVerificationException.Reason.MALFORMED_BODY, "body is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new WebhookVerificationException(WebhookVerificationException.Reason.MALFORMED_BODY, "body is not a JSON object");
        }
        return new WebhookEvent(text(root, "webhook_event"), text(root, "webhook_timestamp"), text(root, "webhook_delivery_id"),
                root.get("webhook_data"), timestamp);
    }

    /** The {@code X-BabySea-Signature} value for a body at a Unix time (for tests of receivers). */
    public static String sign(String rawBody, String secret, long unixSeconds) {
        return "t=" + unixSeconds + ",v1=" + hex(hmacSha256(secret, unixSeconds + "." + rawBody));
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static byte[] hmacSha256(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            out.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return out.toString();
    }
}
