package ai.babysea.api.web;

import ai.babysea.api.auth.AuthenticatedKey;
import ai.babysea.api.auth.CallContext;
import ai.babysea.api.auth.RequiresScope;
import ai.babysea.api.config.ApiConfig;
import ai.babysea.api.error.ApiException;
import ai.babysea.api.error.ErrorDetails;
import ai.babysea.api.http.Envelopes;
import ai.babysea.api.http.RequestMdc;
import ai.babysea.api.key.KeyService;
import ai.babysea.contracts.ErrorCode;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The `/v1` request pipeline (docs/api/README.md, "Authentication"): bearer token → key lookup and hash check →
 * lifecycle → IP allowlist → scope → handler. `/v1/admin/*` takes the operator token instead.
 * Routes without {@link RequiresScope} under `/v1` (other than admin) are refused: deny by default.
 */
public class AuthFilter {
    private final KeyService keys;
    private final CallContext call;
    private final byte[] adminAuthorization;
    private final RequestGuards guards;

    AuthFilter(KeyService keys, CallContext call, ApiConfig config, RequestGuards guards) {
        this.keys = keys;
        this.call = call;
        this.guards = guards;
        this.adminAuthorization = config.adminToken().filter(t -> !t.isBlank())
                .map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    @ServerRequestFilter
    public Response authenticate(ContainerRequestContext request, ResourceInfo resource, HttpServerRequest http) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/v1/")) {
            return null;
        }
        call.clientIp(http.remoteAddress() == null ? null : http.remoteAddress().hostAddress());
        // every log line of this request carries its request id (JSON logs: the `mdc` object); removed by ResponseFilter
        MDC.put(RequestMdc.REQUEST_ID, call.requestId());
        try {
            if (path.startsWith("/v1/admin/")) {
                checkAdmin(request.getHeaderString("Authorization"));
                return null;
            }
            guards.beforeAuthentication(call.clientIp());
            String authorization = request.getHeaderString("Authorization");
            if (authorization == null || authorization.isBlank()) {
                throw new ApiException(ErrorCode.AUTHENTICATION_REQUIRED, null);
            }
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.substring(7).isBlank()) {
                throw new ApiException(ErrorCode.AUTHENTICATION_REQUIRED, "Send the API key as 'Authorization: Bearer <api_key>'.");
            }
            AuthenticatedKey key;
            try {
                key = keys.authenticate(authorization.substring(7).trim(), call.clientIp());
            } catch (ApiException e) {
                if (e.code() == ErrorCode.AUTHENTICATION_FAILED) {
                    guards.authenticationFailed(call.clientIp());
                }
                throw e;
            }
            call.authenticated(key);
            MDC.put(RequestMdc.ACCOUNT_ID, key.accountId().toString());
            RequiresScope required = required(resource);
            if (required == null) {
                throw new ApiException(ErrorCode.INSUFFICIENT_PERMISSIONS, "This route is not available to API keys.");
            }
            if (!key.has(required.value()) || (required.fullAccess() && !key.fullAccess())) {
                String needed = required.fullAccess() ? "a Full Access key" : "scope '" + required.value().wire() + "'";
                throw new ApiException(ErrorCode.INSUFFICIENT_PERMISSIONS, ErrorCode.INSUFFICIENT_PERMISSIONS.httpStatus(),
                        "This route requires " + needed + ".", ErrorDetails.requiredScope(required.value().wire()), Map.of());
            }
            guards.afterAuthentication(key);
            keys.touch(key);
            return null;
        } catch (ApiException e) {
            call.errorCode(e.code().code());
            return Envelopes.errorResponse(call.requestId(), e);
        }
    }

    private void checkAdmin(String authorization) {
        if (adminAuthorization == null) {
            throw new ApiException(ErrorCode.INSUFFICIENT_PERMISSIONS, "The admin API is disabled (BABYSEA_ADMIN_TOKEN is not set).");
        }
        if (authorization == null || authorization.isBlank()) {
            throw new ApiException(ErrorCode.AUTHENTICATION_REQUIRED, "Send the admin token as 'Authorization: Bearer <token>'.");
        }
        if (!MessageDigest.isEqual(adminAuthorization, authorization.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(ErrorCode.AUTHENTICATION_FAILED, "The admin token is invalid.");
        }
    }

    private static RequiresScope required(ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return null;
        }
        RequiresScope onMethod = method.getAnnotation(RequiresScope.class);
        return onMethod != null ? onMethod : resource.getResourceClass().getAnnotation(RequiresScope.class);
    }
}
