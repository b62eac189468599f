package ai.babysea.api.internal;

import ai.babysea.api.config.ApiConfig;
import ai.babysea.api.internal.InternalClient.Target;
import ai.babysea.api.key.RequiresScope;
import ai.babysea.api.key.Scope;
import ai.babysea.api.web.ApiException;
import ai.babysea.api.web.CallContext;
import ai.babysea.api.web.Envelopes;
import ai.babysea.contracts.ErrorCode;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;

/**
 * Webhook-endpoint management (our addition), proxied verbatim to webhook-service's internal API:
 * `/v1/webhooks/endpoints[/...]` → `/internal/accounts/{caller's account}/endpoints[/...]`, same
 * method, query and JSON body; the answer's JSON becomes `data` of the success envelope and its
 * status is kept; its error envelope's code is passed through. Reads need `account:read`, writes a
 * Full Access key. The account always comes from the key, never from the path.
 */
@Path("/v1/webhooks/endpoints")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookResource {
    private final InternalClient client;
    private final CallContext call;
    private final ApiConfig config;

    WebhookResource(InternalClient client, CallContext call, ApiConfig config) {
        this.client = client;
        this.call = call;
        this.config = config;
    }

    @GET
    @RequiresScope(Scope.ACCOUNT_READ)
    public Response list(@Context UriInfo uri) {
        return forward("GET", "", uri, null);
    }

    @POST
    @RequiresScope(value = Scope.ACCOUNT_READ, fullAccess = true)
    public Response create(@Context UriInfo uri, String body) {
        return forward("POST", "", uri, body);
    }

    @GET
    @Path("/{rest: .+}")
    @RequiresScope(Scope.ACCOUNT_READ)
    public Response read(@PathParam("rest") String rest, @Context UriInfo uri) {
        return forward("GET", rest, uri, null);
    }

    @POST
    @Path("/{rest: .+}")
    @RequiresScope(value = Scope.ACCOUNT_READ, fullAccess = true)
    public Response post(@PathParam("rest") String rest, @Context UriInfo uri, String body) {
        return forward("POST", rest, uri, body);
    }

    @PUT
    @Path("/{rest: .+}")
    @RequiresScope(value = Scope.ACCOUNT_READ, fullAccess = true)
    public Response put(@PathParam("rest") String rest, @Context UriInfo uri, String body) {
        return forward("PUT", rest, uri, body);
    }

    @PATCH
    @Path("/{rest: .+}")
    @RequiresScope(value = Scope.ACCOUNT_READ, fullAccess = true)
    public Response patch(@PathParam("rest") String rest, @Context UriInfo uri, String body) {
        return forward("PATCH", rest, uri, body);
    }

    @DELETE
    @Path("/{rest: .+}")
    @RequiresScope(value = Scope.ACCOUNT_READ, fullAccess = true)
    public Response delete(@PathParam("rest") String rest, @Context UriInfo uri) {
        return forward("DELETE", rest, uri, null);
    }

    private Response forward(String method, String rest, UriInfo uri, String body) {
        if (rest.contains("..") || rest.contains("//") || !rest.matches("[A-Za-z0-9_./:-]*")) {
            throw new ApiException(ErrorCode.RESOURCE_NOT_FOUND, "No route matches this path.");
        }
        if (body != null && body.getBytes(StandardCharsets.UTF_8).length > config.maxBodyBytes()) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, null);
        }
        String query = uri.getRequestUri().getRawQuery();
        String path = "/internal/accounts/" + call.key().accountId() + "/endpoints" + (rest.isEmpty() ? "" : "/" + rest)
                + (query == null ? "" : "?" + query);
        InternalClient.Answer answer = client.call(Target.WEBHOOK, method, path, body == null || body.isBlank() ? null : body);
        if (!answer.ok()) {
            throw InternalClient.asError(answer);
        }
        return Response.status(answer.status()).type(MediaType.APPLICATION_JSON)
                .entity(Envelopes.success(call.requestId(), "Webhook request completed", answer.body())).build();
    }
}
