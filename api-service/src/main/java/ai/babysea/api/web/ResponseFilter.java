package ai.babysea.api.web;

import ai.babysea.api.auth.AuthenticatedKey;
import ai.babysea.api.auth.CallContext;
import ai.babysea.api.http.ErrorEnvelope;
import ai.babysea.api.http.RequestMdc;
import ai.babysea.api.limits.RateLimits;
import ai.babysea.api.logs.RequestLog;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Adds the rate-limit headers to every authenticated `/v1` answer and queues the request-log entry. */
public class ResponseFilter {
    private final CallContext call;
    private final RequestLog log;

    ResponseFilter(CallContext call, RequestLog log) {
        this.call = call;
        this.log = log;
    }

    @ServerResponseFilter
    public void after(ContainerRequestContext request, ContainerResponseContext response, ResourceInfo resource) {
        try {
            afterRequest(request, response, resource);
        } finally {
            MDC.remove(RequestMdc.REQUEST_ID);
            MDC.remove(RequestMdc.ACCOUNT_ID);
            MDC.remove(RequestMdc.GENERATION_ID);
        }
    }

    private void afterRequest(ContainerRequestContext request, ContainerResponseContext response, ResourceInfo resource) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/v1/")) {
            return;
        }
        if (call.rateLimit() != null && !response.getHeaders().containsKey("X-RateLimit-Limit")) {
            RateLimits.headers(call.rateLimit()).forEach((name, value) -> response.getHeaders().putSingle(name, value));
        }
        if (path.startsWith("/v1/admin/")) {
            return;
        }
        AuthenticatedKey key = call.keyOrNull();
        String query = request.getUriInfo().getRequestUri().getRawQuery();
        String userAgent = request.getHeaderString("User-Agent");
        log.record(new RequestLog.Entry(call.requestId(), key == null ? null : key.accountId(), key == null ? null : key.keyId(),
                key == null ? null : key.prefix(), key == null ? null : key.name(), request.getMethod(), endpoint(resource, path),
                query == null ? null : query.length() > 500 ? query.substring(0, 500) : query, response.getStatus(), errorCode(response),
                call.replayed(), RequestLog.hashIp(call.clientIp()),
                userAgent == null ? null : userAgent.length() > 300 ? userAgent.substring(0, 300) : userAgent,
                call.elapsedNanos() / 1_000_000.0, Instant.now()));
    }

    private String errorCode(ContainerResponseContext response) {
        if (call.errorCode() != null) {
            return call.errorCode();
        }
        return response.getEntity() instanceof ErrorEnvelope envelope ? envelope.error().code() : null;
    }

    /** Route templates by resource method: computed once per method, not per request. */
    private static final Map<Method, String> TEMPLATES = new ConcurrentHashMap<>();

    /** The route template (`/v1/generate/image/{model_identifier}`), so logs aggregate per endpoint, not per id. */
    static String endpoint(ResourceInfo resource, String path) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            return path.length() > 200 ? path.substring(0, 200) : path;
        }
        return TEMPLATES.computeIfAbsent(method, m -> template(resource.getResourceClass(), m));
    }

    private static String template(Class<?> resourceClass, Method method) {
        Path classPath = resourceClass.getAnnotation(Path.class);
        Path methodPath = method.getAnnotation(Path.class);
        String template = (classPath == null ? "" : classPath.value()) + (methodPath == null ? "" : ensureSlash(methodPath.value()));
        return template.replaceAll("\\{([a-z_]+):[^}]*}", "{$1}");
    }

    private static String ensureSlash(String value) {
        return value.startsWith("/") ? value : "/" + value;
    }
}
