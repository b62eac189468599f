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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Webhook-endpoint management (our addition), proxied verbatim to webhook-service's internal API:
 * `/v1/webhooks/endpoints[/...]` → `/internal/accounts/{caller's account}/endpoints[/...]`, same
 * method, query and JSON body; the answer's JSON becomes `data` of the success envelope and its
 * status is kept; its error envelope's code is passed through. Reads need `account:read`, writes a
 * Full Access key. The account always comes from the key, never from the path. Writes (every method but
 * GET) also carry the account's billing plan as the first query parameter {@code account_plan}, which
 * webhook-service records to apply the plan's delivery-log retention; a caller's own {@code account_plan}
 * is dropped, so the plan always comes from the key's account too.
 */
@Path("/v1/webhooks/endpoints")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookEndpointsResource {
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
        String query = "GET".equals(method) ? uri.getRequestUri().getRawQuery()
                : withPlan(uri.getRequestUri().getRawQuery(), call.key().plan());
        InternalClient.Answer answer = client.endpoints(method, call.key().accountId().toString(), rest.isEmpty() ? "" : "/" + rest, query,
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
