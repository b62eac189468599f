package ai.babysea.webhook.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.babysea.webhook.client.WebhookVerificationException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Table of good, tampered, stale and malformed inputs against a vector computed with {@code openssl dgst -sha256 -hmac}. */
class BabySeaWebhooksTest {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String BODY = "{\"webhook_event\":\"webhook.test\",\"webhook_data\":{}}";
    private static final long T = 1763978400L;
    // printf '%s' '1763978400.<BODY>' | openssl dgst -sha256 -hmac 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
    private static final String OPENSSL_HEX = "027ab882de8ad62f34e5f8e16427f7bfe1c75d48f7ed02a19eb3deb7444d02ee";
    private static final String HEADER = "t=" + T + ",v1=" + OPENSSL_HEX;
    private static final Duration TOLERANCE = Duration.ofSeconds(300);

    private static Clock at(long unixSeconds) {
        return Clock.fixed(Instant.ofEpochSecond(unixSeconds), ZoneOffset.UTC);
    }

    private static Reason failure(String body, String header, String secret, long now) {
        return assertThrows(WebhookVerificationException.class,
                () -> BabySeaWebhooks.verify(body, header, secret, TOLERANCE, at(now))).reason();
    }

    @Test
    void acceptsTheOpensslVectorAndParsesTheBody() {
        WebhookEvent event = BabySeaWebhooks.verify(BODY, HEADER, SECRET, TOLERANCE, at(T + 10));
        assertEquals("webhook.test", event.event());
        assertEquals(T, event.signedAtUnixSeconds());
        assertEquals(HEADER, BabySeaWebhooks.sign(BODY, SECRET, T));
    }

    @Test
    void acceptsPartsInAnyOrderWithSpacesAndUnknownParts() {
        BabySeaWebhooks.verify(BODY, "v0=zz, v1=" + OPENSSL_HEX + " , t=" + T, SECRET, TOLERANCE, at(T));
    }

    @Test
    void toleranceIsSymmetricAndInclusive() {
        BabySeaWebhooks.verify(BODY, HEADER, SECRET, TOLERANCE, at(T + 300));
        BabySeaWebhooks.verify(BODY, HEADER, SECRET, TOLERANCE, at(T - 300));
        assertEquals(Reason.TIMESTAMP_OUT_OF_TOLERANCE, failure(BODY, HEADER, SECRET, T + 301));
        assertEquals(Reason.TIMESTAMP_OUT_OF_TOLERANCE, failure(BODY, HEADER, SECRET, T - 301));
    }

    @Test
    void rejectsTamperedBodySignatureSecretOrTimestamp() {
        assertEquals(Reason.SIGNATURE_MISMATCH, failure(BODY.replace("test", "tesT"), HEADER, SECRET, T));
        assertEquals(Reason.SIGNATURE_MISMATCH, failure(BODY + " ", HEADER, SECRET, T));
        assertEquals(Reason.SIGNATURE_MISMATCH, failure(BODY, "t=" + T + ",v1=" + OPENSSL_HEX.replace('0', '1'), SECRET, T));
        assertEquals(Reason.SIGNATURE_MISMATCH, failure(BODY, "t=" + T + ",v1=" + OPENSSL_HEX.toUpperCase(), SECRET, T));
        // The key is the full string including whsec_; stripping the prefix must not verify.
        assertEquals(Reason.SIGNATURE_MISMATCH, failure(BODY, HEADER, SECRET.substring("whsec_".length()), T));
        assertEquals(Reason.SIGNATURE_MISMATCH, failure(BODY, "t=" + (T + 1) + ",v1=" + OPENSSL_HEX, SECRET, T));
    }

    @Test
    void rejectsMalformedInput() {
        assertEquals(Reason.MISSING_SIGNATURE, failure(BODY, null, SECRET, T));
        assertEquals(Reason.MISSING_SIGNATURE, failure(BODY, "", SECRET, T));
        assertEquals(Reason.MISSING_SECRET, failure(BODY, HEADER, "", T));
        assertEquals(Reason.MISSING_SECRET, failure(BODY, HEADER, null, T));
        assertEquals(Reason.MALFORMED_SIGNATURE, failure(BODY, "v1=" + OPENSSL_HEX, SECRET, T));
        assertEquals(Reason.MALFORMED_SIGNATURE, failure(BODY, "t=" + T, SECRET, T));
        assertEquals(Reason.MALFORMED_SIGNATURE, failure(BODY, "t=,v1=" + OPENSSL_HEX, SECRET, T));
        assertEquals(Reason.MALFORMED_SIGNATURE, failure(BODY, "t=" + T + ",v1=", SECRET, T));
        assertEquals(Reason.MALFORMED_SIGNATURE, failure(BODY, "garbage", SECRET, T));
        assertEquals(Reason.INVALID_TIMESTAMP, failure(BODY, "t=17639784OO,v1=" + OPENSSL_HEX, SECRET, T));
        assertEquals(Reason.INVALID_TIMESTAMP, failure(BODY, "t=-5,v1=" + OPENSSL_HEX, SECRET, T));
        String notJson = "not json";
        assertEquals(Reason.MALFORMED_BODY, failure(notJson, BabySeaWebhooks.sign(notJson, SECRET, T), SECRET, T));
    }
}
