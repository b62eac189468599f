package ai.babysea.webhook.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.babysea.contracts.events.GenerationCanceled;
import ai.babysea.contracts.events.GenerationFailed;
import ai.babysea.contracts.events.GenerationStarted;
import ai.babysea.contracts.events.GenerationSucceeded;
import ai.babysea.contracts.events.LowBalanceCrossed;
import ai.babysea.contracts.events.ProviderError;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every webhook body byte for byte against a hand-written golden file (docs/api/webhooks.md, "Body"): field order, omitted
 * fields, number formats. The goldens are pretty-printed for review; whitespace outside strings is ignored.
 */
class WebhookPayloadsGoldenTest {
    private static final String ACCOUNT = "0190a8d2-0000-7000-8000-00000000a001";
    private static final String GENERATION = "0190a8d2-7c1e-7abc-9def-0123456789ab";
    private static final String MODEL = "bfl/flux-schnell";
    private static final UUID DELIVERY = UUID.fromString("0190a8d2-2222-7333-8444-555566667777");
    private static final Instant TIMESTAMP = Instant.parse("2026-11-24T10:00:00.123456Z");
    private static final Instant T = Instant.parse("2026-11-24T10:00:00Z");

    private static void assertGolden(String golden, String event, ObjectNode data) throws IOException {
        String body = WebhookPayloads.body(event, DELIVERY, TIMESTAMP, data);
        try (InputStream in = WebhookPayloadsGoldenTest.class.getResourceAsStream("/golden/" + golden + ".json")) {
            assertEquals(compact(new String(in.readAllBytes(), StandardCharsets.UTF_8)), body, golden);
        }
    }

    /** Drops whitespace outside JSON strings. */
    static String compact(String json) {
        StringBuilder out = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\') {
                    out.append(json.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
            } else if (!Character.isWhitespace(c)) {
                out.append(c);
                inString = c == '"';
            }
        }
        return out.toString();
    }

    @Test
    void generationStarted() throws IOException {
        WebhookPayloads.Mapped m = WebhookPayloads.started(new GenerationStarted(GENERATION, ACCOUNT, MODEL, "bfl",
                "b9b172a8-e39c-47b2-8f1a-cb8925f3532e", 1, T));
        assertGolden("generation.started", m.event(), m.data());
    }

    @Test
    void generationCompleted() throws IOException {
        WebhookPayloads.Mapped m = WebhookPayloads.completed(new GenerationSucceeded(GENERATION, ACCOUNT, MODEL, "replicate",
                "gm3qorzdhgbfurvjtvhg6dckhu", List.of("https://cdn.local/outputs/" + GENERATION + "/0.png",
                        "https://cdn.local/outputs/" + GENERATION + "/1.png"), 1.2, T, T));
        assertGolden("generation.completed", m.event(), m.data());
    }

    @Test
    void generationFailed() throws IOException {
        WebhookPayloads.Mapped m = WebhookPayloads.failed(new GenerationFailed(GENERATION, ACCOUNT, MODEL, "BSE4003",
                "Every provider in the chain failed.", List.of(new ProviderError("bfl", "BSE4004", "provider_rate_limited", "429", true)),
                GenerationFailed.BY_ROUTER, T));
        assertGolden("generation.failed", m.event(), m.data());
    }

    @Test
    void generationCanceledWithAndWithoutPredictionId() throws IOException {
        WebhookPayloads.Mapped m = WebhookPayloads.canceled(new GenerationCanceled(GENERATION, ACCOUNT, MODEL,
                "gm3qorzdhgbfurvjtvhg6dckhu", true, true, T));
        assertGolden("generation.canceled", m.event(), m.data());
        WebhookPayloads.Mapped early = WebhookPayloads.canceled(new GenerationCanceled(GENERATION, ACCOUNT, MODEL, null, false, false, T));
        assertGolden("generation.canceled.before-dispatch", early.event(), early.data());
    }

    @Test
    void creditsLowBalanceRendersCreditsWithThreeDecimals() throws IOException {
        ObjectNode data = WebhookPayloads.lowBalance(new LowBalanceCrossed(ACCOUNT, 450_000,
                List.of(new LowBalanceCrossed.ThresholdCrossing(1_000_000, 450_000), new LowBalanceCrossed.ThresholdCrossing(500_000, 450_000))));
        assertGolden("credits.low_balance", "credits.low_balance", data);
        assertEquals(new BigDecimal("1.235"), WebhookPayloads.credits(1_234_567));
        assertEquals(new BigDecimal("0.000"), WebhookPayloads.credits(0));
        assertEquals(new BigDecimal("10000000.000"), WebhookPayloads.credits(10_000_000_000_000L));
    }

    @Test
    void webhookTest() throws IOException {
        assertGolden("webhook.test", "webhook.test", WebhookPayloads.test(ACCOUNT));
    }
}
