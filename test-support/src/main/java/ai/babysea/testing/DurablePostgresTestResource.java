package ai.babysea.testing;

import ai.babysea.embedded.EmbeddedPostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Quarkus test resource for benchmarks: a PostgreSQL server of its own with the durable settings (fsync,
 * synchronous_commit and full_page_writes on, as {@link EmbeddedPostgresServer} sets them for {@code durable=true}),
 * so figures measured on it hold for a database that keeps what it acknowledged. Init argument {@code database}
 * names the database (default {@code babysea}). With {@code -Dbench.statements=true} it also loads
 * {@code pg_stat_statements}, so a benchmark can print where PostgreSQL spent its time, per statement.
 */
public class DurablePostgresTestResource implements QuarkusTestResourceLifecycleManager {
    /** Whether {@code pg_stat_statements} is loaded ({@code -Dbench.statements=true}). */
    public static final boolean STATEMENTS = Boolean.getBoolean("bench.statements");

    private String database = "babysea";
    private EmbeddedPostgresServer server;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("bench-pg");
            server = EmbeddedPostgresServer.start(0, true, dir, STATEMENTS
                    ? Map.of("shared_preload_libraries", "pg_stat_statements", "pg_stat_statements.track", "all")
                    : Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String url = server.createDatabase(database);
        if (STATEMENTS) {
            server.executeAsSuperuser(database, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            server.executeAsSuperuser(database, "GRANT pg_read_all_stats TO " + database);
            server.executeAsSuperuser(database, "GRANT EXECUTE ON FUNCTION pg_stat_statements_reset TO " + database);
        }
        return Map.of("quarkus.datasource.jdbc.url", url, "quarkus.datasource.username", database, "quarkus.datasource.password", database);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
