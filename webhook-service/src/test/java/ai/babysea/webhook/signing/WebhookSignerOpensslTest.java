package ai.babysea.webhook.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The signature (docs/api/webhooks.md, "Signature") computed by an implementation outside our Java code: the `openssl` binary. Not skipped
 * when openssl is missing: that fails the test, because this is the only independent check of the algorithm.
 */
class WebhookSignerOpensslTest {
    private static String openssl(String key, byte[] message) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("openssl", "dgst", "-sha256", "-hmac", key).redirectErrorStream(true).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(message);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "openssl did not finish");
        assertEquals(0, process.exitValue(), output);
        // OpenSSL 3 prints "SHA2-256(stdin)= <hex>", 1.1 prints "(stdin)= <hex>".
        return output.substring(output.lastIndexOf("= ") + 2);
    }

    @Test
    void matchesOpensslForTheFullWhsecKeyAndUtf8Bodies() throws Exception {
        String secret = WebhookSigner.newSecret();
        assertTrue(secret.matches("whsec_[A-Za-z0-9]{32}"));
        List<String> bodies = List.of(
                "{\"webhook_event\":\"generation.completed\",\"webhook_data\":{\"generation_output_file\":[\"https://x/0.png\"]}}",
                "{\"webhook_data\":{\"generation_error\":\"Modèle indisponible — «réessayez» 生成失败 🚫\"}}",
                "{\"quotes\":\"a \\\"b\\\" \\\\ c\",\"newline\":\"x\\ny\"}",
                "");
        long t = 1_763_978_400L;
        for (String body : bodies) {
            String expected = openssl(secret, (t + "." + body).getBytes(StandardCharsets.UTF_8));
            assertEquals(expected, WebhookSigner.hmacHex(secret, t, body), body);
            assertEquals("t=" + t + ",v1=" + expected, WebhookSigner.signatureHeader(secret, t, body));
        }
    }

    @Test
    void keyIsTheWholeSecretNotTheSuffixNorItsBase64Decoding() throws Exception {
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String body = "{}";
        String withPrefix = openssl(secret, ("1." + body).getBytes(StandardCharsets.UTF_8));
        String withoutPrefix = openssl(secret.substring(6), ("1." + body).getBytes(StandardCharsets.UTF_8));
        assertEquals(withPrefix, WebhookSigner.hmacHex(secret, 1, body));
        assertTrue(!withoutPrefix.equals(WebhookSigner.hmacHex(secret, 1, body)));
    }
}
