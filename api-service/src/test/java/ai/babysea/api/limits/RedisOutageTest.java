package ai.babysea.api.limits;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.api.error.ApiException;
import ai.babysea.embedded.Ports;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/**
 * Plain JUnit with a Redis server of its own (embedded Redis 6.2 on a random port, not the JVM's shared one), which the
 * test stops and starts again while two {@link RateLimits} instances, standing for two api-service replicas with their
 * own connections, keep counting. Windows are an hour long, so no window boundary falls inside the test.
 */
class RedisOutageTest {
    private static final int LIMIT = 5;
    private static final int IP_FAILURES = 3;

    private final SimpleMeterRegistry metersA = new SimpleMeterRegistry();
    private final SimpleMeterRegistry metersB = new SimpleMeterRegistry();
    private Vertx vertx;
    private int port;
    private RedisServer server;
    private Redis clientA;
    private Redis clientB;

    @BeforeEach
    void startRedis() throws IOException {
        port = Ports.free();
        server = redis(port);
        server.start();
        vertx = Vertx.vertx();
        clientA = Redis.createClient(vertx, "redis://127.0.0.1:" + port);
        clientB = Redis.createClient(vertx, "redis://127.0.0.1:" + port);
    }

    @AfterEach
    void stopRedis() throws IOException {
        clientA.close();
        clientB.close();
        vertx.closeAndAwait();
        server.stop();
    }

    @Test
    void anOutageKeepsEveryLimitPerInstanceAndTheSharedLimitReturnsWithRedis() throws IOException {
        RateLimits replicaA = new RateLimits(config(Duration.ofMillis(100)), RedisAPI.api(clientA), metersA);
        // B probes only once an hour: whatever it sends to Redis during the outage is counted in its store failures
        RateLimits replicaB = new RateLimits(config(Duration.ofHours(1)), RedisAPI.api(clientB), metersB);
        UUID account = UUID.randomUUID();
        for (int i = 0; i < LIMIT - 1; i++) {
            (i % 2 == 0 ? replicaA : replicaB).checkAccount(account, "Free");
        }
        assertEquals(0, replicaA.checkAccount(account, "Free").remaining(), "with Redis up the replicas share one count");
        assertEquals("BSE1005", assertThrows(ApiException.class, () -> replicaB.checkAccount(account, "Free")).code().code());

        server.stop();

        // Each replica goes on alone: a fresh count, the same limit, the same refusal with its headers.
        UUID other = UUID.randomUUID();
        for (int i = 1; i <= LIMIT; i++) {
            assertEquals(LIMIT - i, replicaB.checkAccount(other, "Free").remaining());
        }
        ApiException refused = assertThrows(ApiException.class, () -> replicaB.checkAccount(other, "Free"));
        assertEquals("BSE1005", refused.code().code());
        assertEquals(429, refused.httpStatus());
        assertTrue(refused.headers().containsKey("Retry-After"));
        for (int i = 0; i < IP_FAILURES; i++) {
            replicaB.checkIp("198.51.100.7");
            replicaB.recordAuthenticationFailure("198.51.100.7");
        }
        assertEquals("BSE1006", assertThrows(ApiException.class, () -> replicaB.checkIp("198.51.100.7")).code().code());
        assertTrue(replicaB.degraded());
        assertEquals(1.0, metersB.get("babysea.api.rate.limit.degraded").gauge().value());
        assertEquals(1.0, metersB.get("babysea.api.rate.limit.store.failures").counter().count(),
                "after the first failure no request went to Redis");
        assertEquals(LIMIT + 1 + 2 * IP_FAILURES + 1, metersB.get("babysea.api.rate.limit.fallback.decisions").counter().count());

        // A notices the outage with its first call and refuses the account once its own count is spent.
        for (int i = 1; i <= LIMIT; i++) {
            assertEquals(LIMIT - i, replicaA.checkAccount(other, "Free").remaining());
        }
        assertThrows(ApiException.class, () -> replicaA.checkAccount(other, "Free"));
        assertTrue(replicaA.degraded());

        server = redis(port);
        server.start();

        // A's background probe finds Redis again (requests keep coming meanwhile: any of them may start a probe).
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            replicaA.checkIp("198.51.100.8");
            return !replicaA.degraded();
        });
        assertEquals(0.0, metersA.get("babysea.api.rate.limit.degraded").gauge().value());
        assertEquals(LIMIT - 1, replicaA.checkAccount(other, "Free").remaining(),
                "counted in Redis again (restarted empty), no longer by the instance's own counter, which is spent");
    }

    private static RedisServer redis(int port) throws IOException {
        return RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"").setting("appendonly no").build();
    }


    private static LimitsConfig config(Duration retryInterval) {
        return new LimitsConfig() {
            @Override
            public String backend() {
                return "redis";
            }

            @Override
            public Duration redisTimeout() {
                return Duration.ofSeconds(2);
            }

            @Override
            public Duration redisRetryInterval() {
                return retryInterval;
            }

            @Override
            public Duration window() {
                return Duration.ofHours(1);
            }

            @Override
            public int ipAuthFailuresPerWindow() {
                return IP_FAILURES;
            }

            @Override
            public Map<String, Plan> plans() {
                return Map.of("Free", new Plan() {
                    @Override
                    public int requestsPerWindow() {
                        return LIMIT;
                    }

                    @Override
                    public int inFlight() {
                        return 1;
                    }
                });
            }
        };
    }
}
