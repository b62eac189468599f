package ai.babysea.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The console server's only dynamic parts: {@code /config.json} (the browser's default API base URL and the origins it
 * may use) and the security headers on every answer (Content-Security-Policy without inline script and with only the
 * configured API and media origins, no framing, no referrer, no sniffing). Everything else is the bundled static app.
 */
@ApplicationScoped
public class ConsoleRoutes {
    private static final Logger LOG = Logger.getLogger(ConsoleRoutes.class);

    private final ConsolePolicy policy;
    private final ObjectMapper mapper;

    ConsoleRoutes(ConsoleConfig config, ObjectMapper mapper) {
        this.policy = ConsolePolicy.from(config);
        this.mapper = mapper;
    }

    void logPolicy(@Observes StartupEvent start) {
        LOG.infof("console: default API %s; connect-src %s; media %s", policy.apiBaseUrl(), policy.connectOrigins(),
                policy.mediaOrigins());
    }

    void install(@Observes Router router) {
        String csp = policy.contentSecurityPolicy();
        router.route().order(Integer.MIN_VALUE + 1).handler(context -> {
            String path = context.normalizedPath();
            boolean page = "/".equals(path) || path.endsWith(".html") || "/config.json".equals(path);
            context.addHeadersEndHandler(ignored -> {
                var headers = context.response().headers();
                headers.set("Content-Security-Policy", csp);
                headers.set("X-Content-Type-Options", "nosniff");
                headers.set("Referrer-Policy", "no-referrer");
                headers.set("X-Frame-Options", "DENY");
                headers.set("Cross-Origin-Opener-Policy", "same-origin");
                headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
                if (page) {
                    // the page names the hashed bundles of this build: never serve a stale one after an upgrade
                    headers.set(HttpHeaders.CACHE_CONTROL, "no-cache");
                }
            });
            context.next();
        });
        byte[] body = configJson();
        router.route(HttpMethod.GET, "/config.json").handler(context -> context.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Buffer.buffer(body)));
    }

    private byte[] configJson() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("api_base_url", policy.apiBaseUrl());
        config.put("api_origins", policy.connectOrigins());
        try {
            return mapper.writeValueAsBytes(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
