package ai.babysea.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One service JVM started from its packaged `quarkus-run.jar`, logging to a file, stopped with its children. */
final class ServiceProcess {
    private final Launch launch;
    private final String name;
    private final int port;
    private final Path logFile;
    private final Process process;

    private ServiceProcess(Launch launch, Path logFile, Process process) {
        this.launch = launch;
        this.name = launch.name();
        this.port = launch.port();
        this.logFile = logFile;
        this.process = process;
    }

    /** What starting a service takes, kept so that the same service can be started again the same way. */
    record Launch(String name, Path jar, int port, Map<String, String> environment, Path logDirectory, String heap, int niceness) {
    }

    /** Starts a packaged service; {@code niceness} > 0 lowers its CPU priority with `nice` where that exists (not on Windows). */
    static ServiceProcess start(String name, Path jar, int port, Map<String, String> environment, Path logDirectory, String heap,
            int niceness) {
        return start(new Launch(name, jar, port, Map.copyOf(environment), logDirectory, heap, niceness), false);
    }

    /** Starts a service as described; {@code appendLog} keeps what an earlier instance wrote to its log (a restart). */
    static ServiceProcess start(Launch launch, boolean appendLog) {
        String name = launch.name();
        Path jar = launch.jar();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " is not packaged: " + jar + " is missing. Run ./mvnw -B package -DskipTests first.");
        }
        try {
            Files.createDirectories(launch.logDirectory());
            Path log = launch.logDirectory().resolve(name + ".log");
            List<String> command = new ArrayList<>();
            Path nice = Path.of("/usr/bin/nice");
            if (launch.niceness() > 0 && Files.isExecutable(nice)) {
                // nice execs java, so the process we hold (and signal on shutdown) is the JVM itself
                command.addAll(List.of(nice.toString(), "-n", String.valueOf(launch.niceness())));
            }
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx" + launch.heap());
            command.add("-XX:+ExitOnOutOfMemoryError");
            command.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
            command.add("-jar");
            command.add(jar.toString());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(jar.getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(appendLog ? ProcessBuilder.Redirect.appendTo(log.toFile()) : ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().putAll(launch.environment());
            return new ServiceProcess(launch, log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /** Waits until `/q/health/ready` answers 200, failing fast if the process dies. */
    void awaitReady(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + logFile + "\n" + tail());
            }
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + logFile + "\n" + tail());
    }

    /** Last lines of the log, for error messages. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Asks the JVM to stop (SIGTERM → Quarkus graceful shutdown) without waiting. */
    void requestStop() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }

    /** Asks the JVM to stop, waits up to 15 s for the graceful shutdown, then kills it and any children. */
    void stop() {
        requestStop();
        try {
            if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Kills the JVM without a graceful shutdown (SIGKILL), for crash tests. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String name() {
        return name;
    }

    /** How this service was started (to start it again the same way). */
    Launch launch() {
        return launch;
    }

    /** Whether the JVM is still running. */
    boolean alive() {
        return process.isAlive();
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    Path logFile() {
        return logFile;
    }
}
