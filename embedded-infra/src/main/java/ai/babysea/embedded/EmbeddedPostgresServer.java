package ai.babysea.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * A real PostgreSQL 17 server from the packaged binaries (no Docker). Each service gets its own
 * database and role, as in production. A server with a data directory of its own can be crashed ({@link #kill()})
 * and started again on the same directory and port ({@link #restart()}), as a database pod is after its node fails.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static EmbeddedPostgresServer shared;

    private volatile EmbeddedPostgres postgres;
    private final Path dataDirectory;
    /** How the server was started, so that a restart starts it the same way. */
    private final EmbeddedPostgres.Builder builder;
    private final Set<String> databases = new HashSet<>();

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory, EmbeddedPostgres.Builder builder) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.builder = builder;
    }

    /**
     * Starts a server. {@code durable=true} sets {@code fsync}, {@code synchronous_commit} and {@code full_page_writes}
     * on (a commit is acknowledged only once it is on disk); {@code durable=false} turns the three off (tests only).
     * {@code dataDirectory} null means a temp dir.
     */
    public static EmbeddedPostgresServer start(int port, boolean durable, Path dataDirectory) {
        return start(port, durable, dataDirectory, java.util.Map.of());
    }

    /** As {@link #start(int, boolean, Path)}, with further server settings (e.g. {@code shared_preload_libraries}). */
    public static EmbeddedPostgresServer start(int port, boolean durable, Path dataDirectory, java.util.Map<String, String> settings) {
        return start(port, durable, dataDirectory, settings, true);
    }

    /**
     * As {@link #start(int, boolean, Path)}, but without the JVM shutdown hook that stops the server: its owner stops it
     * with {@link #close()}. The local stack needs this, because shutdown hooks run concurrently: with the hook the
     * database went away while the services were still shutting down gracefully, and their last in-flight events failed.
     */
    public static EmbeddedPostgresServer startStoppedByOwner(int port, boolean durable, Path dataDirectory) {
        return start(port, durable, dataDirectory, java.util.Map.of(), false);
    }

    private static EmbeddedPostgresServer start(int port, boolean durable, Path dataDirectory, java.util.Map<String, String> settings,
            boolean stopOnJvmExit) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setRegisterShutdownHook(stopOnJvmExit)
                    // a fixed port, so that a restarted server is where its clients expect it
                    .setPort(port == 0 ? Ports.free() : port)
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("shared_buffers", "128MB")
                    .setPGStartupWait(java.time.Duration.ofSeconds(60));
            // Set both ways explicitly: the library itself starts the server with -F (fsync off) and
            // synchronous_commit=off, so leaving them unset is not durable. Our -c settings come after its -F on the
            // command line, and PostgreSQL takes the last value given.
            String on = durable ? "on" : "off";
            builder.setServerConfig("fsync", on)
                    .setServerConfig("synchronous_commit", on)
                    .setServerConfig("full_page_writes", on);
            settings.forEach(builder::setServerConfig);
            if (dataDirectory != null) {
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            return new EmbeddedPostgresServer(builder.start(), dataDirectory, builder);
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start", e);
        }
    }

    /** One non-durable server per JVM, shared by every test class. */
    public static synchronized EmbeddedPostgresServer shared() {
        if (shared == null) {
            shared = start(0, false, null);
            EmbeddedPostgresServer started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "embedded-postgres-stop"));
        }
        return shared;
    }

    /** Creates (once) a database and an owning role of the same name, password = name. */
    public synchronized String createDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("bad database name " + name);
        }
        if (databases.add(name)) {
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + name + "') THEN "
                        + "CREATE ROLE " + name + " LOGIN PASSWORD '" + name + "'; END IF; END $$");
                boolean exists;
                try (var rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                    exists = rs.next();
                }
                if (!exists) {
                    statement.execute("CREATE DATABASE " + name + " OWNER " + name);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("could not create database " + name, e);
            }
        }
        return jdbcUrl(name);
    }

    /**
     * Lowers the CPU priority of the whole server with {@code renice}: the postmaster, its running children, and so
     * every backend forked later (children inherit the niceness). Only for a server started with a data directory,
     * on a system with {@code /usr/bin/renice}; returns whether it was applied.
     */
    public boolean lowerPriority(int niceness) {
        Path renice = Path.of("/usr/bin/renice");
        if (niceness <= 0 || dataDirectory == null || !java.nio.file.Files.isExecutable(renice)) {
            return false;
        }
        try {
            long postmaster = postmasterPid(dataDirectory).orElseThrow();
            java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(renice.toString(), "-n",
                    String.valueOf(niceness), "-p", String.valueOf(postmaster)));
            ProcessHandle.of(postmaster).ifPresent(p -> p.descendants().forEach(child -> command.add(String.valueOf(child.pid()))));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor() == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The process id in a data directory's {@code postmaster.pid} (its first line), empty when the file is absent (no
     * server was started there, or it stopped cleanly). An unreadable or malformed file throws.
     */
    public static java.util.OptionalLong postmasterPid(Path dataDirectory) throws IOException {
        try {
            String first = java.nio.file.Files.readAllLines(dataDirectory.resolve("postmaster.pid")).stream().findFirst().orElse("").trim();
            return java.util.OptionalLong.of(Long.parseLong(first));
        } catch (java.nio.file.NoSuchFileException e) {
            return java.util.OptionalLong.empty();
        }
    }

    /**
     * Crashes the server: SIGKILL to the postmaster and every backend, as the failure of its machine would (nothing is
     * flushed or shut down; open connections break). Returns once every process is gone. Only for a server started with
     * a data directory of its own; {@link #restart()} brings it back.
     */
    public synchronized void kill() {
        if (dataDirectory == null) {
            throw new IllegalStateException("only a server with a data directory of its own can be killed and restarted");
        }
        try {
            long pid = postmasterPid(dataDirectory).orElseThrow(() -> new IllegalStateException("no server runs in " + dataDirectory));
            ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no process " + pid));
            java.util.List<ProcessHandle> processes = new java.util.ArrayList<>();
            processes.add(postmaster);
            postmaster.descendants().forEach(processes::add);
            processes.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle process : processes) {
                process.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing PostgreSQL", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("PostgreSQL did not die", e);
        }
        try {
            // Releases the library's lock on the data directory; its pg_ctl stop finds no server and says so.
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the server's postmaster is alive (false after {@link #kill()}); only for a server with a data directory. */
    public boolean running() {
        if (dataDirectory == null) {
            throw new IllegalStateException("only a server with a data directory of its own reports its postmaster");
        }
        try {
            return postmasterPid(dataDirectory).stream().anyMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the server again on its data directory and port after {@link #kill()}: no initdb, PostgreSQL's crash
     * recovery replays its write-ahead log, so every committed transaction is there again.
     */
    public synchronized void restart() {
        if (dataDirectory == null) {
            throw new IllegalStateException("only a server with a data directory of its own can be killed and restarted");
        }
        try {
            postgres = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start again", e);
        }
    }

    /** Runs one statement as the superuser in the given database (e.g. {@code CREATE EXTENSION}). */
    public void executeAsSuperuser(String database, String statement) {
        try (Connection connection = postgres.getDatabase("postgres", database).getConnection();
             Statement s = connection.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run " + statement, e);
        }
    }

    /** The value of a server setting as the server reports it ({@code SHOW name}), e.g. {@code fsync} → {@code on}. */
    public String setting(String name) {
        if (!name.matches("[a-z_]{1,63}")) {
            throw new IllegalArgumentException("bad setting name " + name);
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement();
             var rs = statement.executeQuery("SELECT setting FROM pg_settings WHERE name = '" + name + "'")) {
            if (!rs.next()) {
                throw new IllegalArgumentException("no setting " + name);
            }
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read setting " + name, e);
        }
    }

    /** JDBC URL of a database on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    }

    /** The port the server listens on. */
    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
