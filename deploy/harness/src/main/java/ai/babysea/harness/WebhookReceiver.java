package ai.babysea.harness;

import ai.babysea.webhook.client.BabySeaWebhooks;
import ai.babysea.webhook.client.WebhookEvent;
import ai.babysea.webhook.client.WebhookVerificationException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A webhook endpoint on loopback that checks every delivery's signature (with {@code webhook-client}, as a customer
 * would) and records, per generation, when its terminal event first arrived and with which status. It also counts
 * what must never happen: bad signatures, and one event of a generation arriving under two different delivery ids.
 */
public final class WebhookReceiver implements AutoCloseable {
    private static final Set<String> TERMINAL = Set.of("generation.completed", "generation.failed", "generation.canceled");

    /** The first terminal event seen for a generation. */
    public record Terminal(String event, long arrivedNanos, String errorCode) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private volatile String secret;
    private final Map<String, Terminal> terminals = new ConcurrentHashMap<>();
    /** (generation id, event) → the delivery ids it arrived under. */
    private final Map<String, Set<String>> deliveryIds = new ConcurrentHashMap<>();
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicLong badSignatures = new AtomicLong();
    private final AtomicLong redeliveries = new AtomicLong();

    private WebhookReceiver(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Listens on a free loopback port. */
    public static WebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
            ExecutorService executor = Executors.newFixedThreadPool(8, runnable -> {
                Thread thread = new Thread(runnable, "webhook-receiver");
                thread.setDaemon(true);
                return thread;
            });
            WebhookReceiver receiver = new WebhookReceiver(server, executor);
            server.createContext("/hook", receiver::handle);
            server.setExecutor(executor);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL to register as the endpoint. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The endpoint's signing secret (known once the endpoint was created). */
    public void secret(String secret) {
        this.secret = secret;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            String raw = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            deliveries.incrementAndGet();
            try {
                WebhookEvent event = BabySeaWebhooks.verify(raw, exchange.getRequestHeaders().getFirst(BabySeaWebhooks.SIGNATURE_HEADER), secret);
                record(event);
            } catch (WebhookVerificationException e) {
                badSignatures.incrementAndGet();
            }
            exchange.sendResponseHeaders(204, -1);
        }
    }

    private void record(WebhookEvent event) {
        String generationId = event.data().path("generation_id").asText("");
        if (generationId.isEmpty()) {
            return;
        }
        Set<String> ids = deliveryIds.computeIfAbsent(generationId + " " + event.event(), k -> ConcurrentHashMap.newKeySet());
        if (!ids.add(event.deliveryId())) {
            redeliveries.incrementAndGet();
        }
        if (TERMINAL.contains(event.event())) {
            String errorCode = event.data().path("generation_error_code").asText(null);
            terminals.putIfAbsent(generationId, new Terminal(event.event(), System.nanoTime(), errorCode));
        }
    }

    /** The first terminal event of a generation, or null. */
    public Terminal terminal(String generationId) {
        return terminals.get(generationId);
    }

    /** How many of these generations have had their terminal event. */
    public long terminalCount(Iterable<String> generationIds) {
        long count = 0;
        for (String id : generationIds) {
            if (terminals.containsKey(id)) {
                count++;
            }
        }
        return count;
    }

    /** Deliveries received (any event, any signature). */
    public long deliveries() {
        return deliveries.get();
    }

    /** Deliveries whose signature did not verify. */
    public long badSignatures() {
        return badSignatures.get();
    }

    /** The same delivery id received again (a retry the receiver should dedupe; allowed, at-least-once). */
    public long redeliveries() {
        return redeliveries.get();
    }

    /** Events of a generation that arrived under more than one delivery id (must be 0: the server dedupes events). */
    public long eventsUnderSeveralDeliveryIds() {
        return deliveryIds.values().stream().filter(ids -> ids.size() > 1).count();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
