package ai.babysea.webhook.delivery;

import ai.babysea.webhook.config.WebhookConfig;
import ai.babysea.webhook.ssrf.PinnedDestination;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Non-blocking HTTP POST of one webhook attempt on the Vert.x client: connects to the pinned address (the
 * URL's host is still used for the Host header and TLS), never follows redirects, gives up after the
 * request timeout, and reads at most {@code max-response-bytes} of the answer.
 */
@ApplicationScoped
public class WebhookSender {
    private final Vertx vertx;
    private final long timeoutMs;
    private final int maxResponseBytes;
    private final int excerptChars;
    private final HttpClient client;

    WebhookSender(Vertx vertx, WebhookConfig config) {
        this.vertx = vertx;
        this.timeoutMs = config.requestTimeout().toMillis();
        this.maxResponseBytes = config.maxResponseBytes();
        this.excerptChars = config.responseExcerptChars();
        HttpClientOptions options = new HttpClientOptions()
                .setName("webhook-delivery")
                .setKeepAlive(true)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs))
                .setVerifyHost(true)
                .setTrustAll(false)
                .setTryUseCompression(false)
                .setMaxRedirects(0);
        PoolOptions pool = new PoolOptions()
                .setHttp1MaxSize(config.worker().maxConnectionsPerDestination())
                .setMaxWaitQueueSize(-1);
        this.client = vertx.createHttpClient(options, pool);
    }

    void close(@Observes ShutdownEvent event) {
        client.close();
    }

    /** Sends the body; the stage always completes normally with the attempt's result (never exceptionally). */
    public CompletionStage<AttemptResult> send(PinnedDestination destination, Map<String, String> headers, String body) {
        Instant startedAt = Instant.now();
        long startNanos = System.nanoTime();
        CompletableFuture<AttemptResult> result = new CompletableFuture<>();
        AtomicReference<HttpClientRequest> current = new AtomicReference<>();
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(destination.host())
                .setPort(destination.port())
                .setSsl(destination.ssl())
                .setURI(destination.requestUri())
                .setServer(SocketAddress.inetSocketAddress(destination.port(), destination.address().getHostAddress()))
                .setFollowRedirects(false);
        headers.forEach(request::putHeader);
        long timer = vertx.setTimer(timeoutMs, id -> {
            if (result.complete(AttemptResult.failure(startedAt, elapsedMs(startNanos), "timeout: no response within " + timeoutMs + " ms"))) {
                HttpClientRequest inFlight = current.get();
                if (inFlight != null) {
                    inFlight.reset();
                }
            }
        });
        result.whenComplete((r, e) -> vertx.cancelTimer(timer));
        client.request(request).onComplete(opened -> {
            if (opened.failed()) {
                result.complete(AttemptResult.failure(startedAt, elapsedMs(startNanos), "connection failed: " + describe(opened.cause())));
                return;
            }
            HttpClientRequest outgoing = opened.result();
            current.set(outgoing);
            if (result.isDone()) {
                outgoing.reset();
                return;
            }
            outgoing.send(Buffer.buffer(body.getBytes(StandardCharsets.UTF_8))).onComplete(answered -> {
                if (answered.failed()) {
                    result.complete(AttemptResult.failure(startedAt, elapsedMs(startNanos), "request failed: " + describe(answered.cause())));
                    return;
                }
                readBounded(answered.result(), outgoing, startedAt, startNanos, result);
            });
        });
        return result;
    }

    private void readBounded(HttpClientResponse response, HttpClientRequest request, Instant startedAt, long startNanos,
            CompletableFuture<AttemptResult> result) {
        int status = response.statusCode();
        Buffer collected = Buffer.buffer();
        response.exceptionHandler(e -> result.complete(new AttemptResult(startedAt, elapsedMs(startNanos), status,
                "response read failed: " + describe(e), excerpt(collected))));
        response.handler(chunk -> {
            if (result.isDone()) {
                return;
            }
            int room = maxResponseBytes - collected.length();
            collected.appendBuffer(chunk.length() > room ? chunk.getBuffer(0, Math.max(room, 0)) : chunk);
            if (chunk.length() > room) {
                // The receiver sends more than we read: keep the verdict from the status line and drop the connection.
                result.complete(outcome(status, startedAt, startNanos, collected));
                request.reset();
            }
        });
        response.endHandler(v -> result.complete(outcome(status, startedAt, startNanos, collected)));
    }

    private AttemptResult outcome(int status, Instant startedAt, long startNanos, Buffer collected) {
        String error = status >= 200 && status < 300 ? null
                : status >= 300 && status < 400 ? "redirect not followed (HTTP " + status + ")" : "HTTP " + status;
        return new AttemptResult(startedAt, elapsedMs(startNanos), status, error, excerpt(collected));
    }

    private String excerpt(Buffer collected) {
        if (collected.length() == 0) {
            return null;
        }
        String text = collected.toString(StandardCharsets.UTF_8);
        return text.length() > excerptChars ? text.substring(0, excerptChars) : text;
    }

    private static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
