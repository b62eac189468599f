package ai.babysea.sdk.model;

import java.util.List;

/** One page of an endpoint's deliveries, newest first. */
public record WebhookDeliveryPage(String endpointId, long total, int limit, int offset, List<WebhookDelivery> deliveries) {
}
