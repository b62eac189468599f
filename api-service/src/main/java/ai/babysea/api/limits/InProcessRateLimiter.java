package ai.babysea.api.limits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fixed windows counted in this JVM. Correct only with a single replica (the local stack); with
 * more replicas each would allow the full limit, which is why clusters use {@link RedisRateLimiter}.
 */
public class InProcessRateLimiter implements RateLimiter {
    /** Bound on tracked buckets, so a flood of distinct IPs cannot exhaust memory. */
    static final int MAX_BUCKETS = 200_000;

    private record Window(long startMs, AtomicLong count) {
    }

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    @Override
    public Decision acquire(String bucket, long limit, long windowMs) {
        long now = System.currentTimeMillis();
        long start = now - Math.floorMod(now, windowMs);
        if (windows.size() > MAX_BUCKETS) {
            windows.entrySet().removeIf(e -> e.getValue().startMs() < start);
        }
        Window window = windows.compute(bucket, (key, current) -> current == null || current.startMs() != start
                ? new Window(start, new AtomicLong()) : current);
        long count = window.count().incrementAndGet();
        return RateLimiter.decide(count, limit, start, windowMs, now);
    }

    @Override
    public long peek(String bucket, long windowMs) {
        long now = System.currentTimeMillis();
        Window window = windows.get(bucket);
        return window == null || window.startMs() != now - Math.floorMod(now, windowMs) ? 0 : window.count().get();
    }
}
