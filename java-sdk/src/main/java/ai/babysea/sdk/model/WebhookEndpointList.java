package ai.babysea.sdk.model;

import java.util.List;

/** The account's webhook endpoints, oldest first. */
public record WebhookEndpointList(String accountId, List<WebhookEndpoint> endpoints) {
}
