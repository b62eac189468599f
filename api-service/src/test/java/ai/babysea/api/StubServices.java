package ai.babysea.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stands in for the internal REST APIs of ledger-, router- and webhook-service (one JDK HTTP
 * server, shared by every test class): balances and grants kept in memory, canned health documents, a few webhook
 * routes in webhook-service's shapes, and a record of every call so tests can assert what api-service forwarded.
 */
public class StubServices implements QuarkusTestResourceLifecycleManager {
    /** One recorded internal call. */
    public record Call(String method, String path, String query, String authorization, String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static HttpServer server;
    /** Available balance per account, micro-credits. */
    public static final Map<String, AtomicLong> BALANCES = new ConcurrentHashMap<>();
    /** Every call received. */
    public static final List<Call> CALLS = new CopyOnWriteArrayList<>();

    @Override
    public synchronized Map<String, String> start() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.createContext("/", StubServices::handle);
            server.start();
        }
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("babysea.api.ledger-url", base + "/ledger", "babysea.api.router-url", base + "/router",
                "babysea.api.webhook-url", base + "/webhook");
    }

    @Override
    public void stop() {
        // shared by every test class of this JVM
    }

    /** Calls whose path starts with this prefix. */
    public static List<Call> calls(String pathPrefix) {
        return CALLS.stream().filter(c -> c.path().startsWith(pathPrefix)).toList();
    }

    private static void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        CALLS.add(new Call(method, path, exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Authorization"),
                body));
        if (!"Bearer local-internal-token".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            reply(exchange, 401, "{\"status\":\"error\",\"request_id\":\"req_x\",\"error\":{\"code\":\"BSE1002\",\"type\":\"authentication_failed\","
                    + "\"message\":\"invalid service token\",\"retryable\":false}}");
            return;
        }
        String[] parts = path.split("/");
        try {
            if (path.startsWith("/ledger/internal/accounts/")) {
                String account = parts[4];
                AtomicLong balance = BALANCES.computeIfAbsent(account, a -> new AtomicLong());
                if (path.endsWith("/grants")) {
                    JsonNode grant = JSON.readTree(body);
                    balance.addAndGet(grant.get("amount_micros").asLong());
                    reply(exchange, 200, balanceJson(account, balance.get()));
                } else if (path.endsWith("/balance")) {
                    reply(exchange, 200, balanceJson(account, balance.get()));
                } else if (path.endsWith("/statement")) {
                    reply(exchange, 200, "{\"account_id\":\"" + account + "\",\"total\":1,\"limit\":50,\"offset\":0,\"entries\":[{\"transfer_id\":\"t1\","
                            + "\"type\":\"add\",\"amount_micros\":1000000,\"balance_after_micros\":1000000,\"generation_id\":null,"
                            + "\"model_identifier\":null,\"description\":\"welcome\",\"created_at\":\"2026-01-01T00:00:00Z\"}]}");
                } else {
                    reply(exchange, 404, notFound());
                }
            } else if (path.startsWith("/router/internal/generations/") && method.equals("DELETE")) {
                reply(exchange, 200, "{\"generation_id\":\"" + parts[4] + "\",\"files_deleted\":2}");
            } else if (path.equals("/router/internal/health/providers")) {
                reply(exchange, 200, "{\"service\":\"providers\",\"healthy\":true,\"providers\":[{\"provider\":\"replicate\",\"status\":\"healthy\","
                        + "\"failure_rate\":0.0,\"window\":{\"total_attempts\":3,\"failures\":0,\"successes\":3,\"duration_seconds\":300}}],"
                        + "\"providers_total\":1}");
            } else if (path.equals("/router/internal/health/models")) {
                reply(exchange, 200, "{\"service\":\"models\",\"healthy\":true,\"models\":[],\"models_total\":0}");
            } else if (path.equals("/router/internal/health/storage")) {
                reply(exchange, 200, "{\"service\":\"storage\",\"healthy\":true,\"latency_ms\":3,\"bucket\":\"outputs\"}");
            } else if (path.startsWith("/webhook/internal/accounts/")) {
                webhook(exchange, method, parts, body);
            } else {
                reply(exchange, 404, notFound());
            }
        } catch (RuntimeException e) {
            reply(exchange, 500, "{\"status\":\"error\",\"request_id\":\"req_x\",\"error\":{\"code\":\"BSE5001\",\"type\":\"internal_error\","
                    + "\"message\":\"stub failure\",\"retryable\":true}}");
        }
    }

    /**
     * webhook-service's endpoint routes, answering in its shapes: create (201, with a secret), list, and a page of the delivery
     * log; anything else is not found.
     */
    private static void webhook(HttpExchange exchange, String method, String[] parts, String body) throws IOException {
        String account = parts[4];
        boolean endpoints = parts.length == 6 && parts[5].equals("endpoints");
        if (endpoints && method.equals("POST")) {
            JsonNode request = JSON.readTree(body);
            String events = request.has("events") ? request.get("events").toString()
                    : "[\"generation.started\",\"generation.completed\",\"generation.failed\",\"generation.canceled\"]";
            reply(exchange, 201, "{\"endpoint_id\":\"0191b4a0-0000-7000-8000-0000000000e1\",\"account_id\":\"" + account + "\",\"url\":"
                    + request.get("url") + ",\"description\":null,\"events\":" + events + ",\"enabled\":true,\"disabled_reason\":null,"
                    + "\"disabled_at\":null,\"consecutive_failures\":0,\"created_at\":\"2026-01-01T00:00:00.123456Z\","
                    + "\"updated_at\":\"2026-01-01T00:00:00.123456Z\",\"secret\":\"whsec_stub\"}");
        } else if (endpoints && method.equals("GET")) {
            reply(exchange, 200, "{\"account_id\":\"" + account + "\",\"endpoints\":[]}");
        } else if (parts.length == 8 && parts[7].equals("deliveries") && method.equals("GET")) {
            String query = exchange.getRequestURI().getRawQuery();
            String limit = query != null && query.matches(".*\\blimit=\\d+.*") ? query.replaceAll(".*\\blimit=(\\d+).*", "$1") : "20";
            reply(exchange, 200, "{\"endpoint_id\":\"" + parts[6] + "\",\"total\":0,\"limit\":" + limit + ",\"offset\":0,\"deliveries\":[]}");
        } else {
            reply(exchange, 404, notFound());
        }
    }

    private static String notFound() {
        return "{\"status\":\"error\",\"request_id\":\"req_x\",\"error\":{\"code\":\"BSE2017\",\"type\":\"resource_not_found\","
                + "\"message\":\"not found\",\"retryable\":false}}";
    }

    private static String balanceJson(String account, long available) {
        return "{\"account_id\":\"" + account + "\",\"available_micros\":" + available + ",\"held_micros\":0,\"spent_micros\":0,"
                + "\"granted_micros\":" + available + "}";
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
