package ai.babysea.api.webhook;

import ai.babysea.api.auth.CallContext;
import ai.babysea.api.auth.RequiresScope;
import ai.babysea.api.auth.Scope;
import ai.babysea.api.config.ApiConfig;
import ai.babysea.api.error.ApiException;
import ai.babysea.api.http.Envelopes;
import ai.babysea.api.internal.InternalClient;
import ai.babysea.api.internal.WebhookClient;
import ai.babysea.contracts.ErrorCode;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Webhook-endpoint management (our addition), proxied verbatim to webhook-service's internal API:
 * `/v1/webhooks/endpoints[/...]` → `/internal/accounts/{caller's account}/endpoints[/...]`, same method, query and JSON
 * body, for exactly the routes webhook-service serves; the answer's JSON becomes `data` of the success envelope and its
 * status is kept; its error envelope's code is passed through. Reads need `account:read`, writes a Full Access key. The
 * account always comes from the key, never from the path. Writes (every method but GET) also carry the account's billing
 * plan as the first query parameter {@code account_plan}, which webhook-service records to apply the plan's delivery-log
 * retention; a caller's own {@code account_plan} is dropped, so the plan always comes from the key's account too.
 */
@Path("/v1/webhooks/endpoints")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks")
public class WebhookEndpointsResource {
    private static final String READ_ERRORS = "BSE2001 BSE2008 BSE2017 BSE5002";
    private static final String WRITE_ERRORS = "BSE2001 BSE2008 BSE2010 BSE2017 BSE2018 BSE5002";
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.:-]{1,200}");

    private final WebhookClient client;
    private final CallContext call;
    private final ApiConfig config;

    WebhookEndpointsResource(WebhookClient client, CallContext call, ApiConfig config) {
        this.client = client;
        this.call = call;
        this.config = config;
    }

    @GET
    @RequiresScope(Scope.ACCOUNT_READ)
    @Operation(operationId = "listWebhookEndpoints", summary = "The account's webhook endpoints")
    @Extension(name = "x-babysea-scope", value = "account:read")
    @Extension(name = "x-babysea-errors", value = READ_ERRORS)
    @APIResponse(responseCode = "200", description = "The endpoints.", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = WebhookDocuments.EndpointList.class)), extensions = @Extension(name = "x-babysea-envelope", value = "success"))
    public Response list(@Context UriInfo uri) {
        return forward("GET", "", uri, null);
    }

    @POST
    @RequiresScope(value = Scope.ACCOUNT_READ, fullAccess = true)
    @Operation(operationId = "createWebhookEndpoint", summary = "Register a webhook endpoint",
            description = "The signing secret is in `secret` of this answer and of a secret rotation only. Private, loopback and "
                    + "link-local addresses are refused.")
    @Extension(name = "x-babysea-scope", value = "account:read")
    @Extension(name = "x-babysea-full-access", value = "true")
    @Extension(name = "x-babysea-errors", value = WRITE_ERRORS)
    @APIResponse(responseCode = "201", description = "Created.", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = WebhookDocuments.EndpointWithSecret.class)),
            extensions = @Extension(name = "x-babysea-envelope", value = "success"))
    public Response create(@Context UriInfo uri, @RequestBody(required = true, content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = WebhookDocuments.CreateRequest.class))) String body) {
        return forward("POST", "", uri, body);
    }

    @GET
    @Path("/{endpoint_id}")
    @RequiresScope(Scope.ACCOUNT_READ)
    @Operation(operationId = "getWebhookEndpoint", summary = "One webhook endpoint")
    @Extension(name = "x-babysea-scope", value = "account:read")
    @Extension(name = "x-babysea-errors", value = READ_ERRORS)
    @APIResponse(responseCode = "200", description = "The endpoint.", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = WebhookDocuments.Endpoint.class)), extensions = @Extension(name = "x-babysea-envelope", value = "success"))
    public Response read(@PathParam("endpoint_id") String endpointId, @Context UriInfo uri) {
        return forward("GET", "/" + segment(endpointId), uri, null);
    }

    @PATCH
    @Path("/{endpoint_id}")
    @RequiresScope(value = Scope.ACCOUNT_READ, fullAccess = true)
    @Operation(operationId = "updateWebhookEndpoint", summary = "Change a webhook endpoint's URL, events or description")
    @Extension(name = "x-babysea-scope", value = "account:read")
    @Extension(name = "x-babysea-full-access", value = "true")
    @Extension(name = "x-babysea-errors", value = WRITE_ERRORS)
    @APIResponse(responseCode = "200", description = "The endpoint.", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = WebhookDocuments.Endpoint.class)), extensions = @Extension(name = "x-babysea-envelope", value = "success"))
    public Response update(@PathParam("endpoint_id") String endpointId, @Context UriInfo uri, @RequestBody(required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = WebhookDocuments.UpdateRequest.class)))
            String body) {
        return forward("PATCH", "/" + segment(endpointId), uri, body);
    }

    @DELETE
    @Path("/{endpoint_id}")
    @RequiresScope(value = Scope.ACCOUNT_READ, fullAccess = true)
    @Operation(operationId = "deleteWebhookEndpoint", summary = "Delete a webhook endpoint")
    @Extension(name = "x-babysea-scope", value = "account:read")
    @Extension(name = "x-babysea-full-access", value = "true")
    @Extension(name = "x-babysea-errors", value = WRITE_ERRORS)
    @APIResponse(responseCode = "200", description = "Deleted.", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = WebhookDocuments.Deleted.class)), extensions = @Extension(name = "x-babysea-envelope", value = "success"))
    public Response delete(@PathParam("endpoint_id") String endpointId, @Context UriInfo uri) {
        return forward("DELETE", "/" + segment(endpointId), uri, null);
    }

    @POST
    @Path("/{endpoint_id}/enable")
    @RequiresScope(value = Scope.ACCOUNT_READ, fullAccess = true)
    @Operation(operationId = "enableWebhookEndpoint", summary = "Enable a webhook endpoint",
            description = "Events queued while it was disabled wait for `deliver-queued`.")
    @Extension(name = "x-babysea-scope", value = "account:read")
    @Extension(name = "x-babysea-full-access", value = "true")
    @Extension(name = "x-babysea-errors", value = WRITE_ERRORS)
    @APIResponse(responseCode = "200", description = "The endpoint.", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = WebhookDocuments.Endpoint.class)), extensions = @Extension(name = "x-babysea-envelope", value = "success"))
    public Response enable(@PathParam("endpoint_id") String endpointId, @Context UriInfo uri) {
        return forward("POST", "/" + segment(endpointId) + "/enable", uri, null);
    }

    @POST
    @Path("/{endpoint_id}/disable")
    @RequiresScope(value = Scope.ACCOUNT_READ, fullAccess = true)
    @Operation(operationId = "disableWebhookEndpoint", summary = "Disable a webhook endpoint", description = "Its events are queued meanwhile.")
    @Extension(name = "x-babysea-scope", value = "account:read")
    @Extension(name = "x-babysea-full-access", value = "true")
    @Extension(name = "x-babysea-errors", value = WRITE_ERRORS)
    @APIResponse(responseCode = "200", description = "The endpoint.", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = WebhookDocuments.Endpoint.class)), extensions = @Extension(name = "x-babysea-envelope", value = "success"))
    public Response disable(@PathParam("endpoint_id") String endpointId, @Context UriInfo uri) {
        return forward("POST", "/" + segment(endpointId) + "/disable", uri, null);
    }

    @POST
    @Path("/{endpoint_id}/rotate-secret")
    @RequiresScope(value = Scope.ACCOUNT_READ, fullAccess = true)
    @Operation(operationId = "rotateWebhookSecret", summary = "Replace a webhook endpoint's signing secret",
            description = "The new secret is in `secret` of this answer only.")
    @Extension(name = "x-babysea-scope", value = "account:read")
    @Extension(name = "x-babysea-full-access", value = "true")
    @Extension(name = "x-babysea-errors", value = WRITE_ERRORS)
    @APIResponse(responseCode = "200", description = "The endpoint and its new secret.", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = WebhookDocuments.EndpointWithSecret.class)),
            extensions = @Extension(name = "x-babysea-envelope", value = "success"))
    public Response rotateSecret(@PathParam("endpoint_id") String endpointId, @Context UriInfo uri) {
        return forward("POST", "/" + segment(endpointId) + "/rotate-secret", uri, null);
    }

    @POST
    @Path("/{endpoint_id}/test")
    @RequiresScope(value = Scope.ACCOUNT_READ, fullAccess = true)
    @Operation(operationId = "testWebhookEndpoint", summary = "Send a signed `webhook.test` event to the endpoint")
    @Extension(name = "x-babysea-scope", value = "account:read")
    @Extension(name = "x-babysea-full-access", value = "true")
    @Extension(name = "x-babysea-errors", value = WRITE_ERRORS)
    @APIResponse(responseCode = "202", description = "The delivery created.", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = WebhookDocuments.CreatedDelivery.class)),
            extensions = @Extension(name = "x-babysea-envelope", value = "success"))
    public Response test(@PathParam("endpoint_id") String endpointId, @Context UriInfo uri) {
        return forward("POST", "/" + segment(endpointId) + "/test", uri, null);
    }

    @GET
    @Path("/{endpoint_id}/deliveries")
    @RequiresScope(Scope.ACCOUNT_READ)
    @Operation(operationId = "listWebhookDeliveries", summary = "The endpoint's delivery log, newest first")
    @Extension(name = "x-babysea-scope", value = "account:read")
    @Extension(name = "x-babysea-errors", value = READ_ERRORS)
    @APIResponse(responseCode = "200", description = "A page of deliveries.", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = WebhookDocuments.DeliveryPage.class)),
            extensions = @Extension(name = "x-babysea-envelope", value = "success"))
    public Response deliveries(@PathParam("endpoint_id") String endpointId,
            @Parameter(description = "Only deliveries in this status.") @QueryParam("status") String status,
            @Parameter(description = "Page size.", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "20")) @QueryParam("limit")
            String limit,
            @Parameter(description = "Deliveries to skip.", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "0"))
            @QueryParam("offset") String offset, @Context UriInfo uri) {
        return forward("GET", "/" + segment(endpointId) + "/deliveries", uri, null);
    }

    @GET
    @Path("/{endpoint_id}/deliveries/{delivery_id}")
    @RequiresScope(Scope.ACCOUNT_READ)
    @Operation(operationId = "getWebhookDelivery", summary = "One delivery with its payload and attempts")
    @Extension(name = "x-babysea-scope", value = "account:read")
    @Extension(name = "x-babysea-errors", value = READ_ERRORS)
    @APIResponse(responseCode = "200", description = "The delivery.", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = WebhookDocuments.Delivery.class)), extensions = @Extension(name = "x-babysea-envelope", value = "success"))
    public Response delivery(@PathParam("endpoint_id") String endpointId, @PathParam("delivery_id") String deliveryId,
            @Context UriInfo uri) {
        return forward("GET", "/" + segment(endpointId) + "/deliveries/" + segment(deliveryId), uri, null);
    }

    @POST
    @Path("/{endpoint_id}/deliveries/{delivery_id}/replay")
    @RequiresScope(value = Scope.ACCOUNT_READ, fullAccess = true)
    @Operation(operationId = "replayWebhookDelivery", summary = "Deliver a delivery's payload again, as a new delivery")
    @Extension(name = "x-babysea-scope", value = "account:read")
    @Extension(name = "x-babysea-full-access", value = "true")
    @Extension(name = "x-babysea-errors", value = WRITE_ERRORS)
    @APIResponse(responseCode = "202", description = "The delivery created.", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = WebhookDocuments.CreatedDelivery.class)),
            extensions = @Extension(name = "x-babysea-envelope", value = "success"))
    public Response replay(@PathParam("endpoint_id") String endpointId, @PathParam("delivery_id") String deliveryId,
            @Context UriInfo uri) {
        return forward("POST", "/" + segment(endpointId) + "/deliveries/" + segment(deliveryId) + "/replay", uri, null);
    }

    @GET
    @Path("/{endpoint_id}/queue")
    @RequiresScope(Scope.ACCOUNT_READ)
    @Operation(operationId = "listWebhookQueue", summary = "Events queued while the endpoint was disabled, oldest first")
    @Extension(name = "x-babysea-scope", value = "account:read")
    @Extension(name = "x-babysea-errors", value = READ_ERRORS)
    @APIResponse(responseCode = "200", description = "A page of queued events.", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = WebhookDocuments.QueuePage.class)),
            extensions = @Extension(name = "x-babysea-envelope", value = "success"))
    public Response queue(@PathParam("endpoint_id") String endpointId,
            @Parameter(description = "Only queued events in this status.") @QueryParam("status") String status,
            @Parameter(description = "Page size.", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "20")) @QueryParam("limit")
            String limit,
            @Parameter(description = "Events to skip.", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "0"))
            @QueryParam("offset") String offset, @Context UriInfo uri) {
        return forward("GET", "/" + segment(endpointId) + "/queue", uri, null);
    }

    @POST
    @Path("/{endpoint_id}/deliver-queued")
    @RequiresScope(value = Scope.ACCOUNT_READ, fullAccess = true)
    @Operation(operationId = "deliverWebhookQueue", summary = "Deliver the events queued while the endpoint was disabled")
    @Extension(name = "x-babysea-scope", value = "account:read")
    @Extension(name = "x-babysea-full-access", value = "true")
    @Extension(name = "x-babysea-errors", value = WRITE_ERRORS)
    @APIResponse(responseCode = "202", description = "The deliveries created.", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = WebhookDocuments.DeliverQueuedResult.class)),
            extensions = @Extension(name = "x-babysea-envelope", value = "success"))
    public Response deliverQueued(@PathParam("endpoint_id") String endpointId, @Context UriInfo uri) {
        return forward("POST", "/" + segment(endpointId) + "/deliver-queued", uri, null);
    }

    /** A path segment passed on: plain characters only, so nothing but the intended route of webhook-service is reached. */
    private static String segment(String value) {
        if (!SEGMENT.matcher(value).matches() || value.contains("..")) {
            throw new ApiException(ErrorCode.RESOURCE_NOT_FOUND, "No route matches this path.");
        }
        return value;
    }

    private Response forward(String method, String rest, UriInfo uri, String body) {
        if (body != null && body.getBytes(StandardCharsets.UTF_8).length > config.maxBodyBytes()) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, null);
        }
        String query = "GET".equals(method) ? uri.getRequestUri().getRawQuery()
                : withPlan(uri.getRequestUri().getRawQuery(), call.key().plan());
        InternalClient.Answer answer = client.endpoints(method, call.key().accountId().toString(), rest, query,
                body == null || body.isBlank() ? null : body);
        if (!answer.ok()) {
            throw InternalClient.asError(answer);
        }
        return Response.status(answer.status()).type(MediaType.APPLICATION_JSON)
                .entity(Envelopes.success(call.requestId(), "Webhook request completed", answer.body())).build();
    }

    /** Name of the query parameter that tells webhook-service the account's plan. */
    static final String PLAN_PARAMETER = "account_plan";

    /**
     * The raw query with {@code account_plan=<plan>} first and every caller-supplied {@code account_plan} removed
     * (also percent-encoded spellings of the name); null when nothing remains.
     */
    static String withPlan(String rawQuery, String plan) {
        StringBuilder query = new StringBuilder();
        if (plan != null && !plan.isBlank()) {
            query.append(PLAN_PARAMETER).append('=').append(URLEncoder.encode(plan, StandardCharsets.UTF_8));
        }
        if (rawQuery != null) {
            for (String part : rawQuery.split("&")) {
                int equals = part.indexOf('=');
                String name = equals < 0 ? part : part.substring(0, equals);
                if (part.isEmpty() || PLAN_PARAMETER.equals(decode(name))) {
                    continue;
                }
                query.append(query.isEmpty() ? "" : "&").append(part);
            }
        }
        return query.isEmpty() ? null : query.toString();
    }

    private static String decode(String name) {
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return name;
        }
    }
}
