package ai.babysea.api;

import ai.babysea.embedded.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import redis.embedded.RedisServer;

/**
 * A real Redis 6.2 server from the embedded-redis artifact on a random port, one per JVM, with
 * persistence off (`save ""`) so it leaves no files behind. Also a Quarkus test resource that
 * points the Redis client at it.
 */
public class EmbeddedRedis implements QuarkusTestResourceLifecycleManager {
    private static RedisServer server;
    private static int port;

    /** Starts the shared server (once) and returns its port. */
    public static synchronized int shared() {
        if (server == null) {
            port = Ports.free();
            try {
                server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"").setting("appendonly no").build();
                server.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            RedisServer started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.stop();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }, "embedded-redis-stop"));
        }
        return port;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + shared());
    }

    @Override
    public void stop() {
        // shared by every test class of this JVM
    }
}
