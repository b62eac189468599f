package ai.babysea.webhook;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A local webhook receiver on its own Vert.x instance: records every request per path and answers with the
 * status configured for the path (200 by default), or never answers for paths set to hang. Per path it can also
 * answer after a delay, hold answers until released, and reports the most requests it ever had open at once.
 */
final class Receiver implements AutoCloseable {
    /** One received request. */
    record Received(String path, Map<String, String> headers, String body, long receivedAtNanos) {
        String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> statusByPath = new ConcurrentHashMap<>();
    private final Map<String, Boolean> hangingPaths = new ConcurrentHashMap<>();
    private final Map<String, Integer> bodySizeByPath = new ConcurrentHashMap<>();
    private final Map<String, java.util.Queue<Integer>> sequences = new ConcurrentHashMap<>();
    private volatile Consumer<Received> listener = r -> { };
    private final Map<String, Long> delayMillisByPath = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> openByPath = new ConcurrentHashMap<>();
    private final Map<String, Integer> maxOpenByPath = new ConcurrentHashMap<>();
    private final Map<String, List<Runnable>> heldByPath = new TreeMap<>();

    Receiver() {
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)).requestHandler(request ->
                request.body().onSuccess(buffer -> {
                    Map<String, String> headers = new TreeMap<>();
                    request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
                    Received r = new Received(request.path(), headers, buffer.toString(StandardCharsets.UTF_8), System.nanoTime());
                    received.add(r);
                    listener.accept(r);
                    if (hangingPaths.containsKey(request.path())) {
                        return;
                    }
                    java.util.concurrent.atomic.AtomicInteger open = openByPath.computeIfAbsent(request.path(),
                            p -> new java.util.concurrent.atomic.AtomicInteger());
                    int openNow = open.incrementAndGet();
                    maxOpenByPath.merge(request.path(), openNow, Math::max);
                    java.util.Queue<Integer> sequence = sequences.get(request.path());
                    Integer next = sequence == null ? null : sequence.poll();
                    int status = next != null ? next : statusByPath.getOrDefault(request.path(), 200);
                    Runnable answer = () -> {
                        // Closed before the answer leaves, so a request the sender starts after seeing it never overlaps.
                        open.decrementAndGet();
                        if (status >= 300 && status < 400) {
                            request.response().putHeader("Location", "/redirect-target" + request.path());
                        }
                        Integer size = bodySizeByPath.get(request.path());
                        request.response().setStatusCode(status).end(size == null ? "ok" : "x".repeat(size));
                    };
                    synchronized (heldByPath) {
                        List<Runnable> held = heldByPath.get(request.path());
                        if (held != null) {
                            held.add(answer);
                            return;
                        }
                    }
                    Long delay = delayMillisByPath.get(request.path());
                    if (delay != null) {
                        vertx.setTimer(delay, timer -> answer.run());
                    } else {
                        answer.run();
                    }
                }));
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    void respond(String path, int status) {
        statusByPath.put(path, status);
    }

    /** Answers the next requests with these statuses in order, then with the path's default. */
    void respondSequence(String path, Integer... statuses) {
        sequences.put(path, new java.util.concurrent.ConcurrentLinkedQueue<>(List.of(statuses)));
    }

    /** Answers this path with a body of the given size (to exercise the bounded response read). */
    void respondWithBody(String path, int bytes) {
        bodySizeByPath.put(path, bytes);
    }

    /** Answers this path only after the given delay, so overlapping requests would be seen as open together. */
    void respondAfter(String path, long millis) {
        delayMillisByPath.put(path, millis);
    }

    /** Keeps every answer on this path back until {@link #release(String)}. */
    void hold(String path) {
        synchronized (heldByPath) {
            heldByPath.putIfAbsent(path, new ArrayList<>());
        }
    }

    /** Sends the answers held back on this path and answers later requests normally again; returns how many were held. */
    int release(String path) {
        List<Runnable> held;
        synchronized (heldByPath) {
            held = heldByPath.remove(path);
        }
        if (held == null) {
            return 0;
        }
        held.forEach(Runnable::run);
        return held.size();
    }

    /** The most requests on this path that were ever open (received, not yet answered) at the same time. */
    int maxOpen(String path) {
        return maxOpenByPath.getOrDefault(path, 0);
    }

    void hang(String path) {
        hangingPaths.put(path, true);
    }

    void onReceive(Consumer<Received> listener) {
        this.listener = listener;
    }

    List<Received> at(String path) {
        List<Received> matches = new ArrayList<>();
        for (Received r : received) {
            if (r.path().equals(path)) {
                matches.add(r);
            }
        }
        return matches;
    }

    @Override
    public void close() {
        vertx.close();
    }
}
