package ai.babysea.api.internal;

import ai.babysea.api.internal.InternalClient.Target;
import jakarta.enterprise.context.ApplicationScoped;

/** webhook-service's internal REST API: an account's webhook endpoints, their deliveries and queue. */
@ApplicationScoped
public class WebhookClient {
    private final InternalClient client;

    WebhookClient(InternalClient client) {
        this.client = client;
    }

    /**
     * Calls {@code /internal/accounts/{account}/endpoints} + {@code rest} (empty or starting with `/`) + {@code query}
     * with the method and JSON body as given; the answer comes back as it is, errors included.
     */
    public InternalClient.Answer endpoints(String method, String accountId, String rest, String query, String body) {
        String path = "/internal/accounts/" + accountId + "/endpoints" + rest + (query == null ? "" : "?" + query);
        return client.call(Target.WEBHOOK, method, path, body);
    }
}
