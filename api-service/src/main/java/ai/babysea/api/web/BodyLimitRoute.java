package ai.babysea.api.web;

import ai.babysea.api.config.ApiConfig;
import ai.babysea.api.http.Envelopes;
import ai.babysea.contracts.ErrorCode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Rejects a declared body over the limit before it is read, with the contract's BSE2010 envelope
 * (the transport's own limit, `quarkus.http.limits.max-body-size`, would answer a bare 413).
 */
@ApplicationScoped
public class BodyLimitRoute {
    private final ApiConfig config;
    private final ObjectMapper mapper;

    BodyLimitRoute(ApiConfig config, ObjectMapper mapper) {
        this.config = config;
        this.mapper = mapper;
    }

    void install(@Observes Router router) {
        router.route("/v1/*").order(-100).handler(context -> {
            String length = context.request().getHeader("Content-Length");
            if (length != null) {
                long declared;
                try {
                    declared = Long.parseLong(length.trim());
                } catch (NumberFormatException e) {
                    declared = -1;
                }
                if (declared > config.maxBodyBytes()) {
                    try {
                        String body = mapper.writeValueAsString(Envelopes.error(Envelopes.newRequestId(), ErrorCode.PAYLOAD_TOO_LARGE,
                                "The request body is larger than " + config.maxBodyBytes() + " bytes.", null));
                        context.response().setStatusCode(413).putHeader("Content-Type", "application/json")
                                .putHeader("Connection", "close").end(body);
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        context.fail(413);
                    }
                    return;
                }
            }
            context.next();
        });
    }
}
