package ai.babysea.router.provider.http;

import ai.babysea.router.config.RouterConfig;
import ai.babysea.router.provider.ProviderAdapter;
import ai.babysea.router.provider.ProviderException;
import ai.babysea.router.provider.ProviderFailure;
import ai.babysea.router.provider.ProviderRequest;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Shared plumbing of the HTTP adapters: settings, key, base URL, the client, and error classification. */
public abstract class HttpProviderAdapter implements ProviderAdapter {
    protected final ProviderHttp http;
    protected final String apiKey;
    protected final String baseUrl;
    protected final RouterConfig.Provider settings;

    protected HttpProviderAdapter(ProviderHttp http, RouterConfig.Provider settings, String defaultBaseUrl) {
        this.http = http;
        this.settings = settings;
        this.apiKey = settings == null ? null : settings.apiKey().filter(k -> !k.isBlank()).orElse(null);
        this.baseUrl = (settings == null ? Optional.<String>empty() : settings.baseUrl()).orElse(defaultBaseUrl).replaceAll("/+$", "");
    }

    /** Looks up one provider's settings (absent when nothing is configured). */
    protected static RouterConfig.Provider settings(RouterConfig config, String providerId) {
        return config.providers().get(providerId);
    }

    @Override
    public boolean configured() {
        return apiKey != null;
    }

    /** The provider's own message out of an error body (adapters override for their shapes). */
    protected String errorMessage(JsonNode body) {
        for (String field : new String[] {"detail", "message", "error", "title"}) {
            JsonNode value = body.get(field);
            if (value != null && !value.isNull()) {
                if (value.isTextual()) {
                    return value.asText();
                }
                if (value.isObject() && value.has("message")) {
                    return value.get("message").asText();
                }
                return value.toString();
            }
        }
        return body.toString();
    }

    /** Refines the default classification with provider-specific error bodies. */
    protected ProviderFailure classify(HttpResponse<String> response, JsonNode body) {
        return HttpFailures.classify(providerId(), response.statusCode(), response.headers(), errorMessage(body));
    }

    /** The JSON body of a 2xx response, or a {@link ProviderException} with the classified failure. */
    protected JsonNode expectSuccess(HttpResponse<String> response) {
        JsonNode body = ProviderHttp.parse(response.body());
        if (response.statusCode() / 100 != 2) {
            throw new ProviderException(classify(response, body));
        }
        return body;
    }

    /** Sends and parses a 2xx JSON body. */
    protected CompletableFuture<JsonNode> call(String method, String path, Map<String, String> headers, Object body) {
        String url = path.startsWith("http") ? path : baseUrl + path;
        return http.send(method, url, headers, body).thenApply(this::expectSuccess);
    }

    /** Sends a prepared body (multipart forms) and parses a 2xx JSON answer. */
    protected CompletableFuture<JsonNode> call(String method, String path, Map<String, String> headers, byte[] body, String contentType) {
        String url = path.startsWith("http") ? path : baseUrl + path;
        return http.send(method, url, headers, body, contentType).thenApply(this::expectSuccess);
    }

    /** Whether the request carries input files. */
    protected static boolean hasInputFiles(ProviderRequest request) {
        return request.parameters().inputFiles() != null && !request.parameters().inputFiles().isEmpty();
    }

    /** The file extension a URL ends with, or the fallback. */
    protected static String extensionOf(String url, String fallback) {
        String path = url;
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        if (dot > slash && path.length() - dot <= 5) {
            String ext = path.substring(dot + 1).toLowerCase();
            return ext.equals("jpeg") ? "jpg" : ext;
        }
        return fallback;
    }

    /** The extension of a requested output format. */
    protected static String extensionFor(ProviderRequest request) {
        if (request.video()) {
            return "mp4";
        }
        String format = request.parameters().outputFormat();
        return format == null ? "png" : format.equals("jpeg") ? "jpg" : format;
    }

    /** The model-specific seed, when the request carries one. */
    protected static Long seed(ProviderRequest request) {
        Object seed = request.parameters().extras() == null ? null : request.parameters().extras().get("generation_seed");
        return seed instanceof Number number ? number.longValue() : null;
    }
}
