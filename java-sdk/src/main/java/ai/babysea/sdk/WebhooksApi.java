package ai.babysea.sdk;

import ai.babysea.sdk.model.DeliverQueuedResult;
import ai.babysea.sdk.model.WebhookDelivery;
import ai.babysea.sdk.model.WebhookDeliveryPage;
import ai.babysea.sdk.model.WebhookEndpoint;
import ai.babysea.sdk.model.WebhookEndpointDeleted;
import ai.babysea.sdk.model.WebhookEndpointList;
import ai.babysea.sdk.model.WebhookEndpointRequest;
import ai.babysea.sdk.model.WebhookQueuePage;

/**
 * Webhook-endpoint management (`/v1/webhooks/endpoints`): reads need `account:read`, writes a Full Access key. Verify
 * the deliveries themselves with {@link BabySea#verifyWebhook(String, String, String)}.
 */
public final class WebhooksApi {
    private static final String ROOT = "/webhooks/endpoints";

    private final Transport transport;

    WebhooksApi(Transport transport) {
        this.transport = transport;
    }

    /** Creates an endpoint; the answer's {@link WebhookEndpoint#secret()} (`whsec_...`) is shown only here and on rotation. */
    public WebhookEndpoint create(WebhookEndpointRequest request) {
        return Json.convert(transport.send("POST", ROOT, request, null).data(), WebhookEndpoint.class);
    }

    /** The account's endpoints, oldest first. */
    public WebhookEndpointList list() {
        return Json.convert(transport.send("GET", ROOT, null, null).data(), WebhookEndpointList.class);
    }

    /** One endpoint. */
    public WebhookEndpoint get(String endpointId) {
        return Json.convert(transport.send("GET", endpoint(endpointId), null, null).data(), WebhookEndpoint.class);
    }

    /** Changes url, events or description (null fields stay as they are). */
    public WebhookEndpoint update(String endpointId, WebhookEndpointRequest request) {
        return Json.convert(transport.send("PATCH", endpoint(endpointId), request, null).data(), WebhookEndpoint.class);
    }

    /** Deletes the endpoint with its deliveries and queue. */
    public WebhookEndpointDeleted delete(String endpointId) {
        return Json.convert(transport.send("DELETE", endpoint(endpointId), null, null).data(), WebhookEndpointDeleted.class);
    }

    /** Enables it again (the failure counter restarts; queued events stay queued until {@link #deliverQueued}). */
    public WebhookEndpoint enable(String endpointId) {
        return Json.convert(transport.send("POST", endpoint(endpointId) + "/enable", null, null).data(), WebhookEndpoint.class);
    }

    /** Disables it; events are queued meanwhile (72 h). */
    public WebhookEndpoint disable(String endpointId) {
        return Json.convert(transport.send("POST", endpoint(endpointId) + "/disable", null, null).data(), WebhookEndpoint.class);
    }

    /** A new signing secret, effective for every attempt from now on; returned this once. */
    public WebhookEndpoint rotateSecret(String endpointId) {
        return Json.convert(transport.send("POST", endpoint(endpointId) + "/rotate-secret", null, null).data(), WebhookEndpoint.class);
    }

    /** Sends a `webhook.test` event. */
    public WebhookDelivery test(String endpointId) {
        return Json.convert(transport.send("POST", endpoint(endpointId) + "/test", null, null).data(), WebhookDelivery.class);
    }

    /** Deliveries, newest first; {@code status} `pending`, `succeeded`, `failed` or null for all; {@code limit} 1..100. */
    public WebhookDeliveryPage deliveries(String endpointId, String status, int limit, int offset) {
        return Json.convert(transport.send("GET", endpoint(endpointId) + "/deliveries"
                + Paths.query("status", status, "limit", limit, "offset", offset), null, null).data(), WebhookDeliveryPage.class);
    }

    /** One delivery with its attempts and exact payload. */
    public WebhookDelivery delivery(String endpointId, String deliveryId) {
        return Json.convert(transport.send("GET", endpoint(endpointId) + "/deliveries/" + Paths.segment(deliveryId), null, null).data(),
                WebhookDelivery.class);
    }

    /** Sends a past delivery again with a fresh id, timestamp and signature. */
    public WebhookDelivery replay(String endpointId, String deliveryId) {
        return Json.convert(transport.send("POST", endpoint(endpointId) + "/deliveries/" + Paths.segment(deliveryId) + "/replay", null,
                null).data(), WebhookDelivery.class);
    }

    /** The dead-letter queue, oldest first; {@code status} `pending`, `delivered`, `expired` or null for all. */
    public WebhookQueuePage queue(String endpointId, String status, int limit, int offset) {
        return Json.convert(transport.send("GET", endpoint(endpointId) + "/queue"
                + Paths.query("status", status, "limit", limit, "offset", offset), null, null).data(), WebhookQueuePage.class);
    }

    /** Delivers the queued events of a re-enabled endpoint, one at a time in queue order (at most 1000 per call). */
    public DeliverQueuedResult deliverQueued(String endpointId) {
        return Json.convert(transport.send("POST", endpoint(endpointId) + "/deliver-queued", null, null).data(), DeliverQueuedResult.class);
    }

    private static String endpoint(String endpointId) {
        return ROOT + "/" + Paths.segment(endpointId);
    }
}
