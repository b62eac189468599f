package ai.babysea.webhook.web;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.webhook.endpoint.Endpoint;
import ai.babysea.webhook.endpoint.EndpointService;
import ai.babysea.webhook.endpoint.WebhookException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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

    WebhookResource(EndpointService endpoints) {
        this.endpoints = endpoints;
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

    /** A list of endpoints. */
    public record EndpointList(String accountId, List<Endpoint> endpoints) {
    }

    @POST
    public Response create(@PathParam("accountId") String accountId, CreateRequest request) {
        if (request == null) {
            throw new WebhookException(ErrorCode.INVALID_INPUT, "a JSON body with url is required", "url");
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

    static UUID id(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new WebhookException(ErrorCode.RESOURCE_NOT_FOUND, "no webhook endpoint with this id", "endpoint_id");
        }
    }
}
