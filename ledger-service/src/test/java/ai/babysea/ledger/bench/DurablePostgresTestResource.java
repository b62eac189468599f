package ai.babysea.ledger.bench;

import ai.babysea.embedded.EmbeddedPostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A PostgreSQL with durable settings (fsync, synchronous_commit, full_page_writes on) for the benchmark only. With
 * {@code -Dbench.statements=true} it also loads {@code pg_stat_statements}, and the benchmark prints where
 * PostgreSQL spent its time, per statement.
 */
public class DurablePostgresTestResource implements QuarkusTestResourceLifecycleManager {
    static final boolean STATEMENTS = Boolean.getBoolean("bench.statements");

    private EmbeddedPostgresServer server;

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("ledger-bench-pg");
            server = EmbeddedPostgresServer.start(0, true, dir, STATEMENTS
                    ? Map.of("shared_preload_libraries", "pg_stat_statements", "pg_stat_statements.track", "all")
                    : Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String url = server.createDatabase("ledger");
        if (STATEMENTS) {
            server.executeAsSuperuser("ledger", "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            server.executeAsSuperuser("ledger", "GRANT pg_read_all_stats TO ledger");
            server.executeAsSuperuser("ledger", "GRANT EXECUTE ON FUNCTION pg_stat_statements_reset TO ledger");
        }
        return Map.of("quarkus.datasource.jdbc.url", url, "quarkus.datasource.username", "ledger", "quarkus.datasource.password", "ledger");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
