package ai.babysea.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The local stack started from its packaged launcher ({@code deploy/local-stack/target/local-stack.jar}) as a child
 * process on free ports, so that the tools drive it from outside as a user's client would, and its CPU is read apart
 * from theirs. Stopping it sends SIGTERM (the launcher stops its services gracefully), then kills what is left.
 */
public final class StackProcess implements AutoCloseable {
    private static final String READY_LINE = "BabySea is running";

    private final Process process;
    private final Map<String, Integer> ports;
    private final Path workDirectory;
    private final String adminToken;
    private final List<String> output = new ArrayList<>();

    private StackProcess(Process process, Map<String, Integer> ports, Path workDirectory, String adminToken) {
        this.process = process;
        this.ports = ports;
        this.workDirectory = workDirectory;
        this.adminToken = adminToken;
    }

    /**
     * Starts the launcher from {@code repoRoot} with the given extra environment (e.g. simulator latency, plan
     * limits), waits until it prints that it is running, and returns it. Every port is free-picked.
     */
    public static StackProcess start(Path repoRoot, Map<String, String> extraEnvironment, Duration startTimeout) {
        Path jar = repoRoot.resolve("deploy/local-stack/target/local-stack.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run ./mvnw -B -q package -DskipTests first");
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String name : List.of("API", "LEDGER", "ROUTER", "WEBHOOK", "KAFKA", "POSTGRES", "WORKER_POSTGRES", "REQUEST_BIN")) {
            ports.put(name, freePort());
        }
        try {
            Path work = Files.createTempDirectory("babysea-harness-stack");
            String adminToken = "harness-admin-token";
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString());
            ProcessBuilder builder = new ProcessBuilder(command).directory(repoRoot.toFile()).redirectErrorStream(true);
            Map<String, String> env = builder.environment();
            ports.forEach((name, port) -> env.put("BABYSEA_" + name + "_PORT", String.valueOf(port)));
            env.put("BABYSEA_LOCAL_DIR", work.toString());
            env.put("BABYSEA_ADMIN_TOKEN", adminToken);
            env.putAll(extraEnvironment);
            StackProcess stack = new StackProcess(builder.start(), ports, work, adminToken);
            stack.awaitReady(startTimeout);
            return stack;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the local stack", e);
        }
    }

    private void awaitReady(Duration timeout) {
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (output) {
                        if (output.size() < 500) {
                            output.add(line);
                        }
                    }
                    if (line.contains(READY_LINE)) {
                        ready.complete(true);
                    }
                }
            } catch (IOException e) {
                // the launcher went away; awaitReady reports it
            }
            ready.complete(false);
        }, "stack-output");
        reader.setDaemon(true);
        reader.start();
        boolean started;
        try {
            started = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            started = false;
        }
        if (!started) {
            close();
            throw new IllegalStateException("the local stack did not start within " + timeout.toSeconds() + " s; its output:\n"
                    + String.join("\n", printed()));
        }
    }

    /** What the launcher printed so far (first 500 lines). */
    public List<String> printed() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /** Base URL of the public API. */
    public String apiUrl() {
        return "http://127.0.0.1:" + ports.get("API");
    }

    /** The operator token of this stack ({@code /v1/admin}). */
    public String adminToken() {
        return adminToken;
    }

    /** The launcher's process id (Kafka, S3 and the request bin run inside it). */
    public long pid() {
        return process.pid();
    }

    /** The launcher's work directory (logs, PostgreSQL data). */
    public Path workDirectory() {
        return workDirectory;
    }

    /** Stops the stack: SIGTERM to the launcher (graceful), then a kill of whatever is still alive after 90 s. */
    @Override
    public void close() {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
