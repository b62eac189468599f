package ai.babysea.ledger.bench;

import ai.babysea.testing.EmbeddedPostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A PostgreSQL with durable settings (fsync, synchronous_commit, full_page_writes on) for the benchmark only. */
public class DurablePostgresTestResource implements QuarkusTestResourceLifecycleManager {
    private EmbeddedPostgresServer server;

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("ledger-bench-pg");
            server = EmbeddedPostgresServer.start(0, true, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String url = server.createDatabase("ledger");
        return Map.of("quarkus.datasource.jdbc.url", url, "quarkus.datasource.username", "ledger", "quarkus.datasource.password", "ledger");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
