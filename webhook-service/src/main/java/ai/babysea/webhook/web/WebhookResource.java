package ai.babysea.webhook.web;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.platform.error.ServiceException;
import ai.babysea.webhook.delivery.DeliveryAdminService;
import ai.babysea.webhook.delivery.DeliveryViews;
import ai.babysea.webhook.endpoint.Endpoint;
import ai.babysea.webhook.endpoint.EndpointService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Internal REST for api-service: webhook endpoint management (see README for every route). */
@Path("/internal/accounts/{accountId}/endpoints")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WebhookResource {
    private final EndpointService endpoints;
    private final DeliveryAdminService admin;

    WebhookResource(EndpointService endpoints, DeliveryAdminService admin) {
        this.endpoints = endpoints;
        this.admin = admin;
    }

    /** Body of create. */
    public record CreateRequest(String url, List<String> events, String description) {
    }

    /** An endpoint as returned by create and rotate-secret: the only responses that carry the secret. */
    public record EndpointWithSecretView(UUID endpointId, String accountId, String url, String description, List<String> events,
            boolean enabled, String disabledReason, Instant disabledAt, int consecutiveFailures, Instant createdAt,
            Instant updatedAt, String secret) {
        static EndpointWithSecretView of(Endpoint e, String secret) {
            return new EndpointWithSecretView(e.endpointId(), e.accountId(), e.url(), e.description(), e.events(), e.enabled(),
                    e.disabledReason(), e.disabledAt(), e.consecutiveFailures(), e.createdAt(), e.updatedAt(), secret);
        }
    }

    /** Body of update; absent fields are left unchanged. */
    public record UpdateRequest(String url, List<String> events, String description) {
    }

    /** Response of delete. */
    public record Deleted(UUID endpointId, boolean deleted) {
    }

    /** A list of endpoints. */
    public record EndpointList(String accountId, List<Endpoint> endpoints) {
    }

    @POST
    public Response create(@PathParam("accountId") String accountId, CreateRequest request) {
        if (request == null) {
            throw new ServiceException(ErrorCode.INVALID_INPUT, "a JSON body with url is required", "url");
        }
        EndpointService.EndpointWithSecret created = endpoints.create(accountId, request.url(), request.events(), request.description());
        return Response.status(Response.Status.CREATED).entity(EndpointWithSecretView.of(created.endpoint(), created.secret())).build();
    }

    @GET
    public EndpointList list(@PathParam("accountId") String accountId) {
        return new EndpointList(accountId, endpoints.list(accountId));
    }

    @GET
    @Path("/{endpointId}")
    public Endpoint get(@PathParam("accountId") String accountId, @PathParam("endpointId") String endpointId) {
        return endpoints.get(accountId, id(endpointId));
    }

    @PATCH
    @Path("/{endpointId}")
    public Endpoint update(@PathParam("accountId") String accountId, @PathParam("endpointId") String endpointId,
            UpdateRequest request) {
        if (request == null) {
            throw new ServiceException(ErrorCode.INVALID_INPUT, "a JSON body is required", null);
        }
        return endpoints.update(accountId, id(endpointId), request.url(), request.events(), request.description());
    }

    @DELETE
    @Path("/{endpointId}")
    public Deleted delete(@PathParam("accountId") String accountId, @PathParam("endpointId") String endpointId) {
        UUID id = id(endpointId);
        endpoints.delete(accountId, id);
        return new Deleted(id, true);
    }

    @POST
    @Path("/{endpointId}/enable")
    public Endpoint enable(@PathParam("accountId") String accountId, @PathParam("endpointId") String endpointId) {
        return endpoints.enable(accountId, id(endpointId));
    }

    @POST
    @Path("/{endpointId}/disable")
    public Endpoint disable(@PathParam("accountId") String accountId, @PathParam("endpointId") String endpointId) {
        return endpoints.disable(accountId, id(endpointId));
    }

    @POST
    @Path("/{endpointId}/rotate-secret")
    public EndpointWithSecretView rotateSecret(@PathParam("accountId") String accountId, @PathParam("endpointId") String endpointId) {
        EndpointService.EndpointWithSecret rotated = endpoints.rotateSecret(accountId, id(endpointId));
        return EndpointWithSecretView.of(rotated.endpoint(), rotated.secret());
    }

    @POST
    @Path("/{endpointId}/test")
    public Response test(@PathParam("accountId") String accountId, @PathParam("endpointId") String endpointId) {
        return Response.accepted(admin.sendTest(accountId, id(endpointId))).build();
    }

    @GET
    @Path("/{endpointId}/deliveries")
    public DeliveryViews.DeliveryPage deliveries(@PathParam("accountId") String accountId, @PathParam("endpointId") String endpointId,
            @QueryParam("status") String status, @QueryParam("limit") @DefaultValue("20") int limit,
            @QueryParam("offset") @DefaultValue("0") int offset) {
        return admin.log(accountId, id(endpointId), status, limit, offset);
    }

    @GET
    @Path("/{endpointId}/deliveries/{deliveryId}")
    public DeliveryViews.DeliveryView delivery(@PathParam("accountId") String accountId, @PathParam("endpointId") String endpointId,
            @PathParam("deliveryId") String deliveryId) {
        return admin.delivery(accountId, id(endpointId), deliveryId(deliveryId));
    }

    @POST
    @Path("/{endpointId}/deliveries/{deliveryId}/replay")
    public Response replay(@PathParam("accountId") String accountId, @PathParam("endpointId") String endpointId,
            @PathParam("deliveryId") String deliveryId) {
        return Response.accepted(admin.replay(accountId, id(endpointId), deliveryId(deliveryId))).build();
    }

    @GET
    @Path("/{endpointId}/queue")
    public DeliveryViews.QueuePage queue(@PathParam("accountId") String accountId, @PathParam("endpointId") String endpointId,
            @QueryParam("status") String status, @QueryParam("limit") @DefaultValue("20") int limit,
            @QueryParam("offset") @DefaultValue("0") int offset) {
        return admin.queue(accountId, id(endpointId), status, limit, offset);
    }

    @POST
    @Path("/{endpointId}/deliver-queued")
    public Response deliverQueued(@PathParam("accountId") String accountId, @PathParam("endpointId") String endpointId) {
        return Response.accepted(admin.deliverQueued(accountId, id(endpointId))).build();
    }

    static UUID deliveryId(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new ServiceException(ErrorCode.RESOURCE_NOT_FOUND, "no delivery with this id", "delivery_id");
        }
    }

    static UUID id(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new ServiceException(ErrorCode.RESOURCE_NOT_FOUND, "no webhook endpoint with this id", "endpoint_id");
        }
    }
}
