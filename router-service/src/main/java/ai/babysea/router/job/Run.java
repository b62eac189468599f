package ai.babysea.router.job;

import ai.babysea.router.health.ProviderHealth;
import ai.babysea.router.provider.ProviderAdapter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * What the engine knows of one job it drives: the row as it was leased, then every change the engine made durable.
 * One step of a run executes at a time (the engine starts the next only when the previous one's future, timer or
 * transition completed), so the fields need no lock; they are volatile because consecutive steps run on different
 * threads, and the watchdog and cancels read them from others.
 */
final class Run {
    final Job job;
    final Transition.JobRef ref;
    final Span span;
    final Context context;

    volatile List<String> order;
    /** The provider order as stored on the row (the engine may hold a rearranged one it has not written yet). */
    volatile List<String> storedOrder;
    volatile int attempt;
    volatile int index;
    /** none / submitting / running, as on the row after the last applied step. */
    volatile String phase;
    volatile String provider;
    volatile ProviderAdapter adapter;
    volatile ProviderHealth.Admission admission;
    volatile String predictionId;
    volatile String handle;
    volatile long attemptStartedMs;
    volatile Instant startedAt;
    /** Provider whose concurrency permit this run holds while its attempt is in flight there, or null. */
    volatile String providerPermit;
    volatile int sameProviderRetries;
    volatile int pollErrors;
    volatile int storeFailures;
    volatile boolean canceled;
    volatile ScheduledFuture<?> nextPoll;
    /** When a step of this run last started or ended (the watchdog re-drives runs that stopped moving). */
    volatile long lastProgressMs = System.currentTimeMillis();

    Run(Job job, Span span) {
        this.job = job;
        this.ref = new Transition.JobRef(job.generationId(), job.accountId(), job.modelIdentifier(),
                ai.babysea.platform.tracing.TraceContext.traceparent(span.getSpanContext()));
        this.span = span;
        this.context = Context.root().with(span);
        this.order = job.providerOrder();
        this.storedOrder = job.providerOrder();
        this.attempt = job.attempt();
        this.index = job.providerIndex();
        this.phase = job.attemptPhase();
        this.provider = job.provider();
        this.predictionId = job.predictionId();
        this.handle = job.providerHandle();
        this.attemptStartedMs = job.attemptStartedAt() == null ? System.currentTimeMillis() : job.attemptStartedAt().toEpochMilli();
        this.startedAt = job.startedAt();
    }

    String generationId() {
        return job.generationId();
    }

    void progressed() {
        lastProgressMs = System.currentTimeMillis();
    }
}
