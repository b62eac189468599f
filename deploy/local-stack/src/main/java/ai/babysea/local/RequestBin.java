package ai.babysea.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A built-in webhook receiver: stores every POST to `/bin` (headers and raw body) and lists them
 * at `GET /bin` as JSON, so a local user can see the signed webhooks BabySea sent.
 */
public final class RequestBin implements AutoCloseable {
    /** Largest body kept, in bytes; webhook bodies are small. */
    private static final int MAX_BODY_BYTES = 256 * 1024;

    /** One received request. */
    public record Received(Instant receivedAt, Map<String, String> headers, String body) {
        /** A header by case-insensitive name. */
        public String header(String name) {
            for (Map.Entry<String, String> entry : headers.entrySet()) {
                if (entry.getKey().equalsIgnoreCase(name)) {
                    return entry.getValue();
                }
            }
            return null;
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private RequestBin(HttpServer server) {
        this.server = server;
    }

    /** Starts the bin on loopback at the given port. */
    public static RequestBin start(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
            RequestBin bin = new RequestBin(server);
            server.createContext("/bin", bin::handle);
            server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
                Thread thread = new Thread(runnable, "request-bin");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return bin;
        } catch (IOException e) {
            throw new IllegalStateException("request bin could not listen on port " + port, e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if ("POST".equals(exchange.getRequestMethod())) {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readNBytes(MAX_BODY_BYTES);
                }
                Map<String, String> headers = new LinkedHashMap<>();
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
                received.add(new Received(Instant.now(), headers, new String(body, StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            StringBuilder json = new StringBuilder("[");
            for (Received item : received) {
                if (json.length() > 1) {
                    json.append(',');
                }
                json.append("{\"received_at\":\"").append(item.receivedAt()).append("\",\"event\":\"")
                        .append(item.header("X-BabySea-Event")).append("\",\"delivery_id\":\"")
                        .append(item.header("X-BabySea-Delivery-Id")).append("\",\"signature\":\"")
                        .append(item.header("X-BabySea-Signature")).append("\",\"body\":").append(item.body()).append('}');
            }
            byte[] out = json.append(']').toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        }
    }

    /** Everything received so far. */
    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** The URL webhooks should be sent to. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/bin";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
