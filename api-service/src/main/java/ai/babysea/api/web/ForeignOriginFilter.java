package ai.babysea.api.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A request that carries an `Origin` the API does not grant (not in `API_CORS_ORIGINS`) is served as a request without
 * one: it gets the API's answer in the contract's envelope and no CORS grant, so a browser on that origin cannot read it
 * while a server-side client that happens to send the header is answered normally. Quarkus' CORS filter would refuse it
 * with a bare 403 instead. Nothing is lost by it: the API authenticates with a bearer key, never with cookies, so a
 * page on a foreign origin has no credentials to ride on. Preflights are left to the CORS filter (they get no grant).
 */
@ApplicationScoped
public class ForeignOriginFilter {
    /** Runs before the CORS filter (higher priority runs first). */
    private static final int BEFORE_CORS = 10_000;

    private final Set<String> granted;

    ForeignOriginFilter(@ConfigProperty(name = "quarkus.http.cors.origins") Optional<List<String>> origins) {
        this.granted = Set.copyOf(origins.orElse(List.of()));
    }

    void install(@Observes Filters filters) {
        filters.register(context -> {
            String origin = context.request().getHeader("Origin");
            if (origin != null && !granted.contains(origin) && context.request().method() != io.vertx.core.http.HttpMethod.OPTIONS) {
                context.request().headers().remove("Origin");
            }
            context.next();
        }, BEFORE_CORS);
    }
}
