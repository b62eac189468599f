package ai.babysea.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The launcher's control endpoint for chaos runs, enabled by {@code BABYSEA_CONTROL_PORT} and bound to loopback only:
 * it crashes and restarts the parts of the running stack. Every answer is JSON; a refused request answers
 * {@code {"error": ...}} with 400 (unknown part), 404 (unknown route) or 409 (not possible in the current state).
 *
 * <ul>
 *   <li>{@code GET /control}: the services (port, pid, alive), both PostgreSQL servers (running), the Kafka bootstrap
 *       servers and the simulator's submission ledger file.</li>
 *   <li>{@code POST /control/services/{service}/kill}: SIGKILL ({@code api-service}, {@code ledger-service},
 *       {@code router-service}, {@code webhook-service}, {@code router-service-2}).</li>
 *   <li>{@code POST /control/services/{service}/start}: starts a killed service again (same port and environment) and
 *       answers once it is ready; {@code router-service-2} starts a second router instance.</li>
 *   <li>{@code POST /control/kafka/restart}: stops the broker and starts it on the same port and log directory.</li>
 *   <li>{@code POST /control/postgres/{api|workers}/kill}: SIGKILL to the postmaster and every backend.</li>
 *   <li>{@code POST /control/postgres/{api|workers}/start}: starts it again on the same data directory and port.</li>
 * </ul>
 */
public final class ControlEndpoint implements AutoCloseable {
    private final LocalStack stack;
    private final HttpServer server;
    private final ExecutorService executor;

    private ControlEndpoint(LocalStack stack, HttpServer server, ExecutorService executor) {
        this.stack = stack;
        this.server = server;
        this.executor = executor;
    }

    /** Listens on {@code 127.0.0.1:port}. */
    public static ControlEndpoint start(LocalStack stack, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
            // a start waits for readiness (seconds); status requests meanwhile are answered by the other threads
            ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
                Thread thread = new Thread(runnable, "control-endpoint");
                thread.setDaemon(true);
                return thread;
            });
            ControlEndpoint endpoint = new ControlEndpoint(stack, server, executor);
            server.createContext("/control", endpoint::handle);
            server.setExecutor(executor);
            server.start();
            return endpoint;
        } catch (IOException e) {
            throw new UncheckedIOException("the control endpoint could not listen on 127.0.0.1:" + port, e);
        }
    }

    /** Base URL, e.g. {@code http://127.0.0.1:8090/control}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/control";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] path = exchange.getRequestURI().getPath().replaceAll("/+$", "").split("/");
            String method = exchange.getRequestMethod();
            ObjectNode answer = HttpJson.mapper().createObjectNode();
            int status = 200;
            long startedNanos = System.nanoTime();
            try {
                if (path.length == 2 && "GET".equals(method)) {
                    status(answer);
                } else if (path.length == 5 && "POST".equals(method) && "services".equals(path[2])) {
                    service(path[3], path[4], answer);
                } else if (path.length == 4 && "POST".equals(method) && "kafka".equals(path[2]) && "restart".equals(path[3])) {
                    stack.restartKafka();
                    answer.put("kafka", "restarted");
                } else if (path.length == 5 && "POST".equals(method) && "postgres".equals(path[2])) {
                    postgres(path[3], path[4], answer);
                } else {
                    status = 404;
                    answer.put("error", "no route " + method + " " + exchange.getRequestURI().getPath());
                }
                answer.put("took_ms", (System.nanoTime() - startedNanos) / 1_000_000);
            } catch (IllegalArgumentException e) {
                status = 400;
                answer.put("error", e.getMessage());
            } catch (RuntimeException e) {
                status = 409;
                answer.put("error", String.valueOf(e.getMessage()));
            }
            byte[] body = HttpJson.mapper().writeValueAsBytes(answer);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private void status(ObjectNode answer) {
        ObjectNode services = answer.putObject("services");
        stack.serviceStatus().forEach((name, service) -> services.putObject(name).put("port", service.port()).put("pid", service.pid())
                .put("alive", service.alive()));
        ObjectNode postgres = answer.putObject("postgres");
        for (String server : LocalStack.POSTGRES_SERVERS) {
            postgres.putObject(server).put("running", stack.postgresRunning(server));
        }
        answer.put("kafka", stack.kafkaBootstrapServers());
        answer.put("simulator_ledger", stack.simulatorLedger().toString());
    }

    private void service(String name, String action, ObjectNode answer) {
        switch (action) {
            case "kill" -> answer.put("service", name).put("killed_pid", stack.killService(name));
            case "start" -> {
                LocalStack.ServiceStatus started = stack.startService(name);
                answer.put("service", name).put("pid", started.pid()).put("port", started.port());
            }
            default -> throw new IllegalArgumentException("unknown action " + action + " (kill or start)");
        }
    }

    private void postgres(String server, String action, ObjectNode answer) {
        switch (action) {
            case "kill" -> stack.killPostgres(server);
            case "start" -> stack.startPostgres(server);
            default -> throw new IllegalArgumentException("unknown action " + action + " (kill or start)");
        }
        answer.put("postgres", server).put("running", stack.postgresRunning(server));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
