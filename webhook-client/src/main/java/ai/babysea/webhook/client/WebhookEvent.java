package ai.babysea.webhook.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A verified webhook: the envelope fields, the {@code webhook_data} object and the signature's Unix timestamp.
 * Receivers should dedupe on {@link #deliveryId()} because delivery is at-least-once.
 */
public record WebhookEvent(String event, String timestamp, String deliveryId, JsonNode data, long signedAtUnixSeconds) {
}
