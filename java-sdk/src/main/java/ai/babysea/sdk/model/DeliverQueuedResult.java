package ai.babysea.sdk.model;

import java.util.List;

/** The answer of deliver-queued: the deliveries created now (sent one at a time, in queue order) and how many remain. */
public record DeliverQueuedResult(String endpointId, Integer delivered, Integer remaining, List<WebhookDelivery> deliveries) {
}
