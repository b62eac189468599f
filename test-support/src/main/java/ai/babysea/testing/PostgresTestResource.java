package ai.babysea.testing;

import ai.babysea.embedded.EmbeddedPostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource: a database on the shared embedded PostgreSQL. The init argument
 * `database` names it (default `babysea`).
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {
    private String database = "babysea";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        String url = EmbeddedPostgresServer.shared().createDatabase(database);
        return Map.of(
                "quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.username", database,
                "quarkus.datasource.password", database);
    }

    @Override
    public void stop() {
        // Shared server; stops at JVM exit.
    }
}
