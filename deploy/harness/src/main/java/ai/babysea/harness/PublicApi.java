package ai.babysea.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The few public API calls the tools make besides submitting: operator bootstrap, webhook endpoint, reads. */
public final class PublicApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public PublicApi(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** An account of the given plan with a Full Access key and the credits granted; returns {account id, key}. */
    public String[] createAccount(String adminToken, String name, String plan, long credits) {
        JsonNode created = call("POST", "/v1/admin/accounts", adminToken,
                Map.of("account_name", name, "billing_plan", plan, "apikey_name", "harness", "apikey_preset", "full_access")).path("data");
        String accountId = created.path("account_id").asText();
        call("POST", "/v1/admin/accounts/" + accountId + "/grants", adminToken, Map.of("credits", credits, "grant_key", "harness:" + accountId));
        return new String[] {accountId, created.path("apikey").path("apikey_key").asText()};
    }

    /** Registers a webhook endpoint for the four generation events; returns its signing secret. */
    public String createWebhookEndpoint(String apiKey, String url) {
        JsonNode data = call("POST", "/v1/webhooks/endpoints", apiKey, Map.of("url", url, "description", "harness receiver")).path("data");
        String secret = data.path("secret").asText("");
        if (secret.isEmpty()) {
            throw new IllegalStateException("endpoint created without a secret: " + data);
        }
        return secret;
    }

    /** GET a public route; the parsed body (envelope included). */
    public JsonNode get(String path, String token) {
        return call("GET", path, token, null);
    }

    /** One call; fails on a non-2xx answer with its body. */
    public JsonNode call(String method, String path, String token, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token);
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
