package ai.babysea.testing;

import ai.babysea.embedded.EmbeddedPostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Quarkus test resource: a database on the shared embedded PostgreSQL, reached through a {@link TcpProxy} that the
 * test cuts and restores to take the database away from the service under test (as a PostgreSQL restart does). The
 * init argument {@code database} names it (default {@code babysea}); {@link #proxy(String)} gives the test its proxy.
 */
public class ProxiedPostgresTestResource implements QuarkusTestResourceLifecycleManager {
    private static final Map<String, TcpProxy> PROXIES = new ConcurrentHashMap<>();
    private String database = "babysea";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
        server.createDatabase(database);
        TcpProxy proxy = TcpProxy.start("localhost", server.port());
        PROXIES.put(database, proxy);
        return Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + database,
                "quarkus.datasource.username", database,
                "quarkus.datasource.password", database);
    }

    /** The proxy in front of a database this resource started. */
    public static TcpProxy proxy(String database) {
        TcpProxy proxy = PROXIES.get(database);
        if (proxy == null) {
            throw new IllegalStateException("no proxied database " + database);
        }
        return proxy;
    }

    @Override
    public void stop() {
        TcpProxy proxy = PROXIES.remove(database);
        if (proxy != null) {
            proxy.close();
        }
    }
}
