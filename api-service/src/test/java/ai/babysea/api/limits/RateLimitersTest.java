package ai.babysea.api.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.api.EmbeddedRedis;
import ai.babysea.api.error.ApiException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Plain JUnit against a real (embedded) Redis: two limiter instances with their own connections
 * stand for two api-service replicas. The Redis-backed limit is global; the in-process one is not,
 * which is why it is only for the single-node local stack.
 */
class RateLimitersTest {
    private static Vertx vertx;
    private static Redis clientA;
    private static Redis clientB;

    @BeforeAll
    static void connect() {
        int port = EmbeddedRedis.shared();
        vertx = Vertx.vertx();
        clientA = Redis.createClient(vertx, "redis://127.0.0.1:" + port);
        clientB = Redis.createClient(vertx, "redis://127.0.0.1:" + port);
    }

    @AfterAll
    static void close() {
        clientA.close();
        clientB.close();
        vertx.closeAndAwait();
    }

    @Test
    void twoReplicasSharingRedisEnforceOneGlobalLimit() {
        RateLimiter replicaA = new RedisRateLimiter(RedisAPI.api(clientA), Duration.ofSeconds(15));
        RateLimiter replicaB = new RedisRateLimiter(RedisAPI.api(clientB), Duration.ofSeconds(15));
        String bucket = "acct:" + UUID.randomUUID();
        long windowMs = 3_600_000; // an hour-long window, so no boundary falls inside the test
        int allowed = 0;
        for (int i = 0; i < 30; i++) {
            RateLimiter replica = i % 2 == 0 ? replicaA : replicaB;
            if (replica.acquire(bucket, 10, windowMs).allowed()) {
                allowed++;
            }
        }
        assertEquals(10, allowed, "10 per window across both replicas, not 10 each");
        RateLimiter.Decision denied = replicaB.acquire(bucket, 10, windowMs);
        assertFalse(denied.allowed());
        assertEquals(0, denied.remaining());
        assertTrue(denied.retryAfterSeconds() >= 1 && denied.retryAfterSeconds() <= 3_600);
    }

    @Test
    void inProcessLimitersDoNotShareCounts() {
        RateLimiter replicaA = new InProcessRateLimiter();
        RateLimiter replicaB = new InProcessRateLimiter();
        int allowed = 0;
        for (int i = 0; i < 30; i++) {
            if ((i % 2 == 0 ? replicaA : replicaB).acquire("acct:x", 10, 3_600_000).allowed()) {
                allowed++;
            }
        }
        assertEquals(20, allowed, "each replica allows the full limit: fine for one node, wrong for a cluster");
    }

    @Test
    void preAuthenticationIpLimitAnswersBse1006() {
        RateLimits limits = new RateLimits(config(3), null, new SimpleMeterRegistry());
        for (int i = 0; i < 3; i++) {
            limits.checkIp("198.51.100.1");
            limits.recordAuthenticationFailure("198.51.100.1");
        }
        limits.checkIp("198.51.100.2");
        ApiException e = assertThrows(ApiException.class, () -> limits.checkIp("198.51.100.1"));
        assertEquals("BSE1006", e.code().code());
        assertEquals(429, e.httpStatus());
        assertTrue(e.headers().containsKey("Retry-After"));
        assertEquals(3L, e.details().limit());
    }

    private static LimitsConfig config(int ipLimit) {
        return new LimitsConfig() {
            @Override
            public String backend() {
                return "in-process";
            }

            @Override
            public Duration redisTimeout() {
                return Duration.ofMillis(500);
            }

            @Override
            public Duration redisRetryInterval() {
                return Duration.ofSeconds(5);
            }

            @Override
            public Duration window() {
                return Duration.ofHours(1);
            }

            @Override
            public int ipAuthFailuresPerWindow() {
                return ipLimit;
            }

            @Override
            public Map<String, Plan> plans() {
                return Map.of("Free", new Plan() {
                    @Override
                    public int requestsPerWindow() {
                        return 1;
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
