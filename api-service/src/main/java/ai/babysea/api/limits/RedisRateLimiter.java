package ai.babysea.api.limits;

import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Fixed windows counted in Redis, so every api-service replica shares one count per bucket. One
 * round trip: a Lua script increments the window's key and sets its expiry on first use (works on
 * Redis 6.2 and 7.x — no `EXPIRE NX`, no functions).
 */
public class RedisRateLimiter implements RateLimiter {
    static final String SCRIPT = "local c = redis.call('INCR', KEYS[1]) "
            + "if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end "
            + "return c";

    private final RedisAPI redis;
    private final Duration timeout;
    private volatile String sha;

    public RedisRateLimiter(RedisAPI redis, Duration timeout) {
        this.redis = redis;
        this.timeout = timeout;
    }

    @Override
    public Decision acquire(String bucket, long limit, long windowMs) {
        long now = System.currentTimeMillis();
        long start = now - Math.floorMod(now, windowMs);
        String key = "babysea:rl:" + bucket + ":" + start;
        // keys outlive their window a little so a late replica's clock still finds the count
        String ttl = Long.toString(windowMs + 5_000);
        long count = eval(key, ttl);
        return RateLimiter.decide(count, limit, start, windowMs, now);
    }

    @Override
    public long peek(String bucket, long windowMs) {
        long now = System.currentTimeMillis();
        Response value = redis.get("babysea:rl:" + bucket + ":" + (now - Math.floorMod(now, windowMs))).await().atMost(timeout);
        return value == null ? 0 : value.toLong();
    }

    private long eval(String key, String ttl) {
        String current = sha;
        if (current == null) {
            current = redis.script(List.of("LOAD", SCRIPT)).await().atMost(timeout).toString();
            sha = current;
        }
        try {
            Response response = redis.evalsha(List.of(current, "1", key, ttl)).await().atMost(timeout);
            return response.toLong();
        } catch (RuntimeException e) {
            if (e.getMessage() != null && e.getMessage().contains("NOSCRIPT")) {
                sha = null;
                Response response = redis.eval(List.of(SCRIPT, "1", key, ttl)).await().atMost(timeout);
                return response.toLong();
            }
            throw e;
        }
    }

    /** A PING that completes normally when Redis answers within the timeout, exceptionally otherwise; never blocks. */
    public CompletionStage<Void> probe() {
        return redis.ping(List.of()).ifNoItem().after(timeout).fail().replaceWithVoid().subscribeAsCompletionStage();
    }

    /** Round-trip latency of a PING, for `/v1/health/cache`. */
    public long pingMillis() {
        long started = System.nanoTime();
        redis.ping(List.of()).await().atMost(timeout);
        return (System.nanoTime() - started) / 1_000_000;
    }
}
