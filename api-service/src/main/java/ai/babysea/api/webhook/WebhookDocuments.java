package ai.babysea.api.webhook;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The documents webhook-service answers with, which {@link WebhookEndpointsResource} passes through as `data` unchanged: their
 * shapes for the OpenAPI document (times are ISO-8601 strings with up to microseconds).
 */
public final class WebhookDocuments {
    private WebhookDocuments() {
    }

    /** The body of a create. */
    @Schema(name = "CreateWebhookEndpointRequest")
    public record CreateRequest(
            @Schema(required = true, description = "Public https URL the deliveries are POSTed to.", example = "https://hooks.example/babysea")
            String url,
            @Schema(description = "Events to receive, of `generation.started`, `generation.completed`, `generation.failed`, "
                    + "`generation.canceled` and `credits.low_balance` (default: the four generation events).")
            List<String> events,
            @Schema(description = "Free text.")
            String description) {
    }

    /** The body of an update; absent fields stay as they are. */
    @Schema(name = "UpdateWebhookEndpointRequest")
    public record UpdateRequest(
            @Schema(description = "Public https URL.") String url,
            @Schema(description = "Events to receive.") List<String> events,
            @Schema(description = "Free text.") String description) {
    }

    /** An endpoint (never with its signing secret). */
    @Schema(name = "WebhookEndpoint")
    public record Endpoint(
            String endpointId,
            String accountId,
            String url,
            @Schema(nullable = true) String description,
            List<String> events,
            boolean enabled,
            @Schema(nullable = true, description = "Why it was disabled (by its owner or after sustained failures).") String disabledReason,
            @Schema(nullable = true) String disabledAt,
            int consecutiveFailures,
            String createdAt,
            String updatedAt) {
    }

    /** An endpoint with its signing secret: the answer of a create and of a secret rotation, the only ones that carry it. */
    @Schema(name = "WebhookEndpointWithSecret")
    public record EndpointWithSecret(
            String endpointId,
            String accountId,
            String url,
            @Schema(nullable = true) String description,
            List<String> events,
            boolean enabled,
            @Schema(nullable = true) String disabledReason,
            @Schema(nullable = true) String disabledAt,
            int consecutiveFailures,
            String createdAt,
            String updatedAt,
            @Schema(description = "The signing secret (`whsec_…`); shown only here.") String secret) {
    }

    /** The account's endpoints. */
    @Schema(name = "WebhookEndpointList")
    public record EndpointList(String accountId, List<Endpoint> endpoints) {
    }

    /** The answer of a delete. */
    @Schema(name = "WebhookEndpointDeleted")
    public record Deleted(String endpointId, boolean deleted) {
    }

    /** One HTTP attempt of a delivery. */
    @Schema(name = "WebhookDeliveryAttempt")
    public record Attempt(int attempt, String startedAt, long durationMs, @Schema(nullable = true) Integer statusCode,
            @Schema(nullable = true) String error) {
    }

    /** One delivery with its payload and every attempt. */
    @Schema(name = "WebhookDelivery")
    public record Delivery(
            String deliveryId,
            String endpointId,
            String event,
            @Schema(nullable = true) String generationId,
            @Schema(description = "What created it: an event, a test, a replay or a queued event.") String origin,
            String status,
            int attemptCount,
            @Schema(nullable = true) Integer lastStatusCode,
            @Schema(nullable = true) String lastError,
            String createdAt,
            @Schema(nullable = true) String nextAttemptAt,
            @Schema(nullable = true) String completedAt,
            @Schema(description = "The signed body as delivered.") Map<String, Object> payload,
            List<Attempt> attempts) {
    }

    /** A page of the delivery log, newest first. */
    @Schema(name = "WebhookDeliveryPage")
    public record DeliveryPage(String endpointId, long total, int limit, int offset, List<Delivery> deliveries) {
    }

    /** A delivery just created by a test, a replay or deliver-queued. */
    @Schema(name = "WebhookCreatedDelivery")
    public record CreatedDelivery(String deliveryId, String endpointId, String event, String origin, String status, String createdAt) {
    }

    /** One event queued for a disabled endpoint. */
    @Schema(name = "WebhookQueuedEvent")
    public record QueuedEvent(String queueId, String event, @Schema(nullable = true) String generationId, String status, String queuedAt,
            @Schema(nullable = true) String expiresAt, @Schema(nullable = true) String deliveredAt,
            @Schema(nullable = true) String deliveryId) {
    }

    /** A page of the queue, oldest first. */
    @Schema(name = "WebhookQueuePage")
    public record QueuePage(String endpointId, long total, int limit, int offset, List<QueuedEvent> entries) {
    }

    /** The answer of deliver-queued. */
    @Schema(name = "WebhookDeliverQueuedResult")
    public record DeliverQueuedResult(String endpointId, int delivered, long remaining, List<CreatedDelivery> deliveries) {
    }
}
