package ai.babysea.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Minimal JSON-over-HTTP client for seeding and for the end-to-end tests. */
public final class HttpJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A response: status, parsed body (null when empty or not JSON) and headers. */
    public record Reply(int status, JsonNode body, java.net.http.HttpHeaders headers) {
        /** Fails unless the status is 2xx. */
        public Reply expectSuccess(String what) {
            if (status / 100 != 2) {
                throw new IllegalStateException(what + " failed with HTTP " + status + ": " + body);
            }
            return this;
        }
    }

    /** Sends a request with an optional bearer token and JSON body. */
    public Reply send(String method, String url, String bearer, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json");
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            if (body != null) {
                request.header("Content-Type", "application/json");
                String json = body instanceof String s ? s : MAPPER.writeValueAsString(body);
                request.method(method, HttpRequest.BodyPublishers.ofString(json));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed = null;
            if (!response.body().isBlank()) {
                try {
                    parsed = MAPPER.readTree(response.body());
                } catch (IOException e) {
                    parsed = MAPPER.getNodeFactory().textNode(response.body());
                }
            }
            return new Reply(response.statusCode(), parsed, response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The shared mapper. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
