package ai.babysea.api.limits;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The shared Redis limiter with a per-instance fallback: while Redis cannot be reached, every request is counted by
 * this instance's own in-process limiter, with the same limits. An outage of the store therefore neither takes the
 * API down nor removes the protection: each instance still refuses an account over its limit (BSE1005) and an IP over
 * its failed-authentication limit (BSE1006), so across N replicas an account gets at most N times its limit until
 * Redis is back, and never less than its limit.
 *
 * <p>The first failed or slow call (longer than {@code redis-timeout}) switches the instance over; from then on no
 * request waits for Redis. A background PING every {@code redis-retry-interval} switches it back once Redis answers;
 * the windows then continue on Redis's counts. Metrics: {@code babysea_api_rate_limit_degraded} (1 while the fallback
 * is in force), {@code babysea_api_rate_limit_fallback_decisions_total}, {@code babysea_api_rate_limit_store_failures_total}.
 */
final class FallbackRateLimiter implements RateLimiter {
    private static final Logger LOG = Logger.getLogger(FallbackRateLimiter.class);

    private final RedisRateLimiter shared;
    private final RateLimiter local;
    private final long retryIntervalNanos;
    private final AtomicInteger degraded = new AtomicInteger();
    private final AtomicBoolean probing = new AtomicBoolean();
    private final Counter fallbackDecisions;
    private final Counter storeFailures;
    private volatile long nextProbeNanos;

    FallbackRateLimiter(RedisRateLimiter shared, RateLimiter local, Duration retryInterval, MeterRegistry meters) {
        this.shared = shared;
        this.local = local;
        this.retryIntervalNanos = retryInterval.toNanos();
        this.fallbackDecisions = meters.counter("babysea.api.rate.limit.fallback.decisions");
        this.storeFailures = meters.counter("babysea.api.rate.limit.store.failures");
        meters.gauge("babysea.api.rate.limit.degraded", degraded);
    }

    @Override
    public Decision acquire(String bucket, long limit, long windowMs) {
        if (!degraded()) {
            try {
                return shared.acquire(bucket, limit, windowMs);
            } catch (RuntimeException e) {
                unreachable(e);
            }
        } else {
            probeIfDue();
        }
        fallbackDecisions.increment();
        return local.acquire(bucket, limit, windowMs);
    }

    @Override
    public long peek(String bucket, long windowMs) {
        if (!degraded()) {
            try {
                return shared.peek(bucket, windowMs);
            } catch (RuntimeException e) {
                unreachable(e);
            }
        } else {
            probeIfDue();
        }
        fallbackDecisions.increment();
        return local.peek(bucket, windowMs);
    }

    /** Whether requests are counted per instance because Redis is unreachable. */
    boolean degraded() {
        return degraded.get() == 1;
    }

    private void unreachable(RuntimeException e) {
        storeFailures.increment();
        if (degraded.compareAndSet(0, 1)) {
            nextProbeNanos = System.nanoTime() + retryIntervalNanos;
            LOG.errorf("Redis is unreachable (%s): rate limits are counted per instance until it answers again", e.toString());
        }
    }

    private void probeIfDue() {
        if (System.nanoTime() - nextProbeNanos < 0 || !probing.compareAndSet(false, true)) {
            return;
        }
        try {
            shared.probe().whenComplete((ignored, error) -> {
                if (error == null) {
                    degraded.set(0);
                    LOG.info("Redis answers again: rate limits are shared by every instance again");
                } else {
                    storeFailures.increment();
                    nextProbeNanos = System.nanoTime() + retryIntervalNanos;
                }
                probing.set(false);
            });
        } catch (RuntimeException e) {
            storeFailures.increment();
            nextProbeNanos = System.nanoTime() + retryIntervalNanos;
            probing.set(false);
        }
    }
}
