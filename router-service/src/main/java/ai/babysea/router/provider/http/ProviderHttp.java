package ai.babysea.router.provider.http;

import ai.babysea.router.config.RouterConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The non-blocking HTTP client every adapter shares: one JDK {@link HttpClient} (a selector thread plus a
 * small callback pool), so thousands of in-flight provider calls need no thread each.
 */
@ApplicationScoped
public class ProviderHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final Duration requestTimeout;
    private final long maxOutputBytes;
    private final InputFiles inputFiles;

    @jakarta.inject.Inject
    ProviderHttp(RouterConfig config) {
        this(config.http().connectTimeout(), config.http().requestTimeout(), config.http().maxOutputBytes(),
                new InputFiles(config.http().connectTimeout(), config.http().inputTimeout(), config.http().inputMaxBytes(),
                        config.http().inputAllowLoopback()));
    }

    /** A client with explicit bounds whose input-file fetches refuse loopback (adapter tests). */
    public ProviderHttp(Duration connectTimeout, Duration requestTimeout, long maxOutputBytes) {
        this(connectTimeout, requestTimeout, maxOutputBytes, new InputFiles(connectTimeout, requestTimeout, maxOutputBytes, false));
    }

    /** A client with explicit bounds and input-file fetching (adapter tests). */
    public ProviderHttp(Duration connectTimeout, Duration requestTimeout, long maxOutputBytes, InputFiles inputFiles) {
        this.inputFiles = inputFiles;
        AtomicLong counter = new AtomicLong();
        ExecutorService callbacks = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "provider-http-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NORMAL)
                .executor(callbacks).build();
        this.requestTimeout = requestTimeout;
        this.maxOutputBytes = maxOutputBytes;
    }

    /** Downloads input files for providers that take bytes instead of URLs. */
    public InputFiles inputFiles() {
        return inputFiles;
    }

    /** A JSON object mapper for provider bodies (provider field names are used verbatim). */
    public static ObjectMapper json() {
        return JSON;
    }

    /** Sends a request with a JSON body (null: no body) and returns the status, headers and text body. */
    public CompletableFuture<HttpResponse<String>> send(String method, String url, Map<String, String> headers, Object body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout);
        headers.forEach(builder::header);
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json");
            builder.method(method, HttpRequest.BodyPublishers.ofString(write(body)));
        }
        return client.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a request with a prepared body (multipart forms) and returns the status, headers and text body. */
    public CompletableFuture<HttpResponse<String>> send(String method, String url, Map<String, String> headers, byte[] body,
            String contentType) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout);
        headers.forEach(builder::header);
        builder.header("Content-Type", contentType);
        builder.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        return client.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends a request with a JSON body and keeps the answer as bytes, for APIs that answer either JSON or the image itself
     * (Cloudflare Workers AI); bodies larger than the configured output bound are refused.
     */
    public CompletableFuture<HttpResponse<byte[]>> sendForBytes(String method, String url, Map<String, String> headers, Object body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout);
        headers.forEach(builder::header);
        builder.header("Content-Type", "application/json");
        builder.method(method, HttpRequest.BodyPublishers.ofString(write(body)));
        return client.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> {
            if (response.body() != null && response.body().length > maxOutputBytes) {
                throw new IllegalStateException("answer larger than " + maxOutputBytes + " bytes");
            }
            return response;
        });
    }

    /** Downloads a file, refusing bodies larger than the configured bound. */
    public CompletableFuture<HttpResponse<byte[]>> download(String url, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout).GET();
        headers.forEach(builder::header);
        return client.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> {
            if (response.body() != null && response.body().length > maxOutputBytes) {
                throw new IllegalStateException("output larger than " + maxOutputBytes + " bytes");
            }
            return response;
        });
    }

    /** Parses a JSON body (an empty or non-JSON body becomes an empty object). */
    public static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode().put("raw", body);
        }
    }

    private static String write(Object body) {
        try {
            return body instanceof String text ? text : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
