package ai.babysea.sdk.model;

import java.util.List;

/**
 * Body of a webhook endpoint create or update; on update a null field stays unchanged.
 *
 * @param events subscribed events (`generation.started`, `generation.completed`, `generation.failed`,
 *     `generation.canceled`, `credits.low_balance`); null on create: the four generation events
 */
public record WebhookEndpointRequest(String url, List<String> events, String description) {
    /** An endpoint for the default events. */
    public static WebhookEndpointRequest of(String url) {
        return new WebhookEndpointRequest(url, null, null);
    }
}
