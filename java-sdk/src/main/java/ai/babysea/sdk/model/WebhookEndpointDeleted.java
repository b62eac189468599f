package ai.babysea.sdk.model;

/** The answer of an endpoint delete (its deliveries, attempts and queue go with it). */
public record WebhookEndpointDeleted(String endpointId, Boolean deleted) {
}
