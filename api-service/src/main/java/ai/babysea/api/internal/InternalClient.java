package ai.babysea.api.internal;

import ai.babysea.api.config.ApiConfig;
import ai.babysea.api.error.ApiException;
import ai.babysea.api.error.ErrorDetails;
import ai.babysea.contracts.ErrorCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Calls the other services' internal REST APIs with the service token. Answers are passed on
 * verbatim (status + JSON) so their contract error envelopes reach the client unchanged; a
 * dependency that cannot be reached becomes BSE5002.
 */
@ApplicationScoped
public class InternalClient {
    private static final Logger LOG = Logger.getLogger(InternalClient.class);

    /** Which service to call. */
    public enum Target {
        LEDGER, ROUTER, WEBHOOK
    }

    /** A raw answer: HTTP status and parsed JSON body (null when the body was not JSON). */
    public record Answer(int status, JsonNode body) {
        /** Whether the status is 2xx. */
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpClient http;
    private final ApiConfig config;
    private final ObjectMapper mapper;
    private final String authorization;

    InternalClient(ApiConfig config, ObjectMapper mapper, @ConfigProperty(name = "babysea.internal.token") String token) {
        this.config = config;
        this.mapper = mapper;
        this.authorization = "Bearer " + token;
        this.http = HttpClient.newBuilder().connectTimeout(config.internalTimeout()).version(HttpClient.Version.HTTP_1_1).build();
    }

    private String base(Target target) {
        String url = switch (target) {
            case LEDGER -> config.ledgerUrl();
            case ROUTER -> config.routerUrl();
            case WEBHOOK -> config.webhookUrl();
        };
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Sends a request; `body` is serialized as JSON when not null. */
    public Answer call(Target target, String method, String pathAndQuery, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base(target) + pathAndQuery))
                    .timeout(config.internalTimeout())
                    .header("Authorization", authorization)
                    .header("Accept", "application/json");
            if (body != null) {
                String json = body instanceof String s ? s : mapper.writeValueAsString(body);
                request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            if (response.body() != null && !response.body().isBlank()) {
                try {
                    json = mapper.readTree(response.body());
                } catch (IOException e) {
                    json = null;
                }
            }
            return new Answer(response.statusCode(), json);
        } catch (IOException e) {
            LOG.warnf("%s %s on %s failed: %s", method, pathAndQuery, target, e.toString());
            throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, null);
        }
    }

    /** Like {@link #call} but turns a non-2xx answer into the error it carries (or BSE5002 when it carries none). */
    public JsonNode require(Target target, String method, String pathAndQuery, Object body) {
        Answer answer = call(target, method, pathAndQuery, body);
        if (answer.ok()) {
            return answer.body();
        }
        throw asError(answer);
    }

    /** The `details` of an internal error envelope (our services name only the field at fault); null when there are none. */
    static ErrorDetails details(JsonNode details) {
        if (!details.isObject() || details.isEmpty()) {
            return null;
        }
        ErrorDetails known = new ErrorDetails(text(details, "field"), text(details, "required_scope"), number(details, "retry_after_seconds"),
                number(details, "limit"), decimal(details, "cost"), decimal(details, "credit_balance"));
        return known.equals(new ErrorDetails(null, null, null, null, null, null)) ? null : known;
    }

    private static String text(JsonNode node, String name) {
        return node.path(name).isTextual() ? node.get(name).textValue() : null;
    }

    private static Long number(JsonNode node, String name) {
        return node.path(name).isIntegralNumber() ? node.get(name).longValue() : null;
    }

    private static java.math.BigDecimal decimal(JsonNode node, String name) {
        return node.path(name).isNumber() ? node.get(name).decimalValue() : null;
    }

    /** The contract error an internal answer carries. */
    public static ApiException asError(Answer answer) {
        JsonNode error = answer.body() == null ? null : answer.body().path("error");
        if (error != null && error.hasNonNull("code")) {
            try {
                ErrorCode code = ErrorCode.ofCode(error.get("code").asText());
                return new ApiException(code, answer.status(), error.path("message").asText(null), details(error.path("details")), Map.of());
            } catch (IllegalArgumentException unknown) {
                // fall through: an error code this build does not know is reported as unavailable
            }
        }
        return new ApiException(ErrorCode.SERVICE_UNAVAILABLE, null);
    }
}
