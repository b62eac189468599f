package ai.babysea.webhook.delivery;

import ai.babysea.contracts.Json;
import ai.babysea.contracts.events.GenerationCanceled;
import ai.babysea.contracts.events.GenerationFailed;
import ai.babysea.contracts.events.GenerationStarted;
import ai.babysea.contracts.events.GenerationSucceeded;
import ai.babysea.contracts.events.LowBalanceCrossed;
import ai.babysea.webhook.endpoint.WebhookEvents;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * Builds the public webhook bodies (docs/api/webhooks.md, "Body"): the envelope and each event's {@code webhook_data}, with
 * fields omitted (never null) when they do not apply and in the contract's field order.
 */
public final class WebhookPayloads {
    /** The fixed generation id of {@code webhook.test}. */
    public static final String TEST_GENERATION_ID = "00000000-0000-0000-0000-000000000000";
    /** `webhook_timestamp` format: ISO-8601 UTC with milliseconds, as in the contract's example. */
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private WebhookPayloads() {
    }

    /** The webhook event and data for a generation event. */
    public record Mapped(String event, String generationId, ObjectNode data) {
    }

    static Mapped started(GenerationStarted e) {
        ObjectNode data = generation(e.accountId(), e.modelIdentifier(), e.generationId(), "processing");
        putIfPresent(data, "generation_provider_initialize", e.provider());
        putIfPresent(data, "generation_prediction_id", e.predictionId());
        return new Mapped(WebhookEvents.GENERATION_STARTED, e.generationId(), data);
    }

    static Mapped completed(GenerationSucceeded e) {
        ObjectNode data = generation(e.accountId(), e.modelIdentifier(), e.generationId(), "succeeded");
        putIfPresent(data, "generation_provider_used", e.provider());
        putIfPresent(data, "generation_prediction_id", e.predictionId());
        ArrayNode files = data.putArray("generation_output_file");
        if (e.outputFiles() != null) {
            e.outputFiles().forEach(files::add);
        }
        return new Mapped(WebhookEvents.GENERATION_COMPLETED, e.generationId(), data);
    }

    static Mapped failed(GenerationFailed e) {
        ObjectNode data = generation(e.accountId(), e.modelIdentifier(), e.generationId(), "failed");
        putIfPresent(data, "generation_error", e.errorMessage());
        putIfPresent(data, "generation_error_code", e.errorCode());
        return new Mapped(WebhookEvents.GENERATION_FAILED, e.generationId(), data);
    }

    static Mapped canceled(GenerationCanceled e) {
        ObjectNode data = generation(e.accountId(), e.modelIdentifier(), e.generationId(), "canceled");
        putIfPresent(data, "generation_prediction_id", e.predictionId());
        data.put("credits_refunded", e.creditsRefunded());
        return new Mapped(WebhookEvents.GENERATION_CANCELED, e.generationId(), data);
    }

    static ObjectNode lowBalance(LowBalanceCrossed e) {
        ObjectNode data = NODES.objectNode();
        data.put("account_id", e.accountId());
        data.put("current_balance", credits(e.currentBalanceMicros()));
        ArrayNode crossed = data.putArray("thresholds_crossed");
        for (LowBalanceCrossed.ThresholdCrossing crossing : e.thresholdsCrossed()) {
            ObjectNode item = crossed.addObject();
            item.put("threshold", credits(crossing.thresholdMicros()));
            item.put("balance_at", credits(crossing.balanceAtMicros()));
        }
        return data;
    }

    /** The generation-shaped data of {@code webhook.test}: a completed generation with the all-zero id. */
    static ObjectNode test(String accountId) {
        ObjectNode data = generation(accountId, "babysea/webhook-test", TEST_GENERATION_ID, "succeeded");
        data.put("generation_provider_used", "babysea");
        data.put("generation_prediction_id", TEST_GENERATION_ID);
        data.putArray("generation_output_file");
        return data;
    }

    /**
     * Micro-credits as a JSON number with exactly 3 decimals (the contract's credit precision). Rounded
     * half-up; a balance that is not a whole number of thousandths is shown to the nearest one.
     */
    static BigDecimal credits(long micros) {
        return BigDecimal.valueOf(micros, 6).setScale(3, RoundingMode.HALF_UP);
    }

    /** The exact body sent: envelope fields in the contract's order, compact JSON. */
    public static String body(String event, UUID deliveryId, Instant timestamp, ObjectNode data) {
        ObjectNode envelope = NODES.objectNode();
        envelope.put("webhook_event", event);
        envelope.put("webhook_timestamp", TIMESTAMP.format(timestamp));
        envelope.put("webhook_delivery_id", deliveryId.toString());
        envelope.set("webhook_data", data);
        try {
            return Json.mapper().writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses stored `webhook_data` text back into a node (replay, queued delivery). */
    static ObjectNode parseData(String data) {
        try {
            return (ObjectNode) Json.mapper().readTree(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored webhook data is not JSON", e);
        }
    }

    static String text(ObjectNode data) {
        try {
            return Json.mapper().writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode generation(String accountId, String model, String generationId, String status) {
        ObjectNode data = NODES.objectNode();
        data.put("account_id", accountId);
        data.put("model_identifier", model);
        data.put("generation_id", generationId);
        data.put("generation_status", status);
        return data;
    }

    private static void putIfPresent(ObjectNode data, String field, String value) {
        if (value != null) {
            data.put(field, value);
        }
    }
}
