package ai.babysea.router.job;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.platform.tracing.Tracing;
import ai.babysea.router.config.RouterConfig;
import ai.babysea.router.health.ProviderHealth;
import ai.babysea.router.provider.Lookup;
import ai.babysea.router.provider.PollResult;
import ai.babysea.router.provider.ProviderFailure;
import ai.babysea.router.provider.ProviderRegistry;
import ai.babysea.router.provider.ProviderRequest;
import ai.babysea.router.provider.Submission;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Drives the jobs this instance holds through their provider chain without a thread per job: provider calls are
 * non-blocking futures, polls are timer tasks, and every state change is a {@link Transition} made durable by the
 * {@link TransitionWriter} before the engine acts on it. Everything a run knows in memory can be rebuilt from its row:
 * a run whose step could not be written, or that stopped moving, is dropped, its lease lapses (only runs in memory are
 * renewed), and it is claimed again and resumed from the row — a prediction in flight is polled, an attempt whose
 * submit answer was lost is looked up at the provider, an attempt past its timeout fails over.
 */
@ApplicationScoped
public class JobEngine {
    private static final Logger LOG = Logger.getLogger(JobEngine.class);
    /** Pause before a job retries a provider that is at its concurrency bound. */
    private static final long PROVIDER_BUSY_RETRY_MS = 250;
    /** Longest cool-down a provider's Retry-After can impose. */
    private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);
    /** Longest wait for a retry of the same provider when the chain has nothing else left. */
    private static final Duration MAX_SAME_PROVIDER_WAIT = Duration.ofSeconds(60);
    /** Consecutive failed polls (network, 5xx) of a running prediction before its attempt fails over. */
    private static final int MAX_POLL_ERRORS = 10;
    /** Failed stores of outputs in our custody before the run is handed back to be resumed later. */
    private static final int MAX_STORE_FAILURES = 3;
    /** Lookups of a lost submit before it is written off. */
    private static final int MAX_LOOKUPS = 3;

    private final JobService jobs;
    private final ProviderChain chain;
    private final ProviderRegistry providers;
    private final ProviderHealth health;
    private final OutputCustody custody;
    private final Tracing tracing;
    private final RouterConfig.Worker config;
    private final MeterRegistry meters;
    private final String owner;
    private final Semaphore capacity;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final ProviderSlots slots;
    private final AtomicLong completed = new AtomicLong();
    private volatile Runnable onCapacityFreed = () -> { };
    private volatile boolean running;
    private ScheduledExecutorService timer;
    private ExecutorService steps;
    private ExecutorService storage;
    private TransitionWriter writer;

    JobEngine(JobService jobs, ProviderChain chain, ProviderRegistry providers, ProviderHealth health, OutputCustody custody,
            Tracing tracing, RouterConfig config, MeterRegistry meters) {
        this.jobs = jobs;
        this.chain = chain;
        this.providers = providers;
        this.health = health;
        this.custody = custody;
        this.tracing = tracing;
        this.config = config.worker();
        this.slots = new ProviderSlots(health, config.providers(), meters);
        this.meters = meters;
        this.owner = hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.capacity = new Semaphore(config.worker().maxInFlight());
        meters.gauge("babysea.router.jobs.in_flight", runs, Map::size);
        meters.gauge("babysea.router.jobs.completed", completed);
    }

    /** Starts the engine's threads; {@code capacityFreed} is told whenever a run ends (the claimer may take more). */
    void start(Runnable capacityFreed) {
        this.onCapacityFreed = capacityFreed;
        timer = Executors.newSingleThreadScheduledExecutor(daemon("job-timer"));
        steps = Executors.newFixedThreadPool(Math.max(2, config.transitionThreads() / 2), daemon("job-step"));
        storage = Executors.newFixedThreadPool(config.transitionThreads(), daemon("job-storage"));
        writer = new TransitionWriter(jobs, owner, config.transitionBatch(), steps, meters);
        writer.start();
        running = true;
        timer.scheduleWithFixedDelay(this::watchdog, 5, 5, TimeUnit.SECONDS);
    }

    /** Stops driving jobs: waiting steps are written, then the threads end (the caller gives the leases back). */
    void stop() {
        running = false;
        if (writer != null) {
            writer.stop(5_000);
        }
        if (timer != null) {
            timer.shutdownNow();
            steps.shutdownNow();
            storage.shutdownNow();
        }
    }

    /** This instance's lease owner id. */
    public String owner() {
        return owner;
    }

    /** Jobs this instance drives now. */
    public int inFlight() {
        return runs.size();
    }

    /** Jobs this instance brought to an end (any outcome) since start. */
    public long completed() {
        return completed.get();
    }

    /** The ids of the jobs this instance drives (the leases it renews). */
    List<String> driving() {
        return List.copyOf(runs.keySet());
    }

    /** Takes up to {@code wanted} slots of the in-flight bound without waiting; returns how many it got. */
    int reserve(int wanted) {
        int got = 0;
        while (got < wanted && capacity.tryAcquire()) {
            got++;
        }
        return got;
    }

    /** Gives back slots taken by {@link #reserve} that no job used. */
    void unreserve(int slots) {
        if (slots > 0) {
            capacity.release(slots);
        }
    }

    /** Starts driving jobs leased to this instance, each holding a slot taken by {@link #reserve}. */
    void adopt(List<Job> leased) {
        for (Job job : leased) {
            if (!running || runs.containsKey(job.generationId())) {
                capacity.release();
                continue;
            }
            // The job's span continues the trace stored with the job by the dispatch consumer; every step and timer
            // task of the job runs with it current, so its provider calls and outbox events stay in that trace.
            Span span = tracing.startFrom(job.traceparent(), "router job", SpanKind.INTERNAL);
            span.setAttribute("babysea.generation_id", job.generationId());
            span.setAttribute("babysea.model", job.modelIdentifier());
            Run run = new Run(job, span);
            runs.put(job.generationId(), run);
            step(run, () -> resume(run));
        }
    }

    /** The job was canceled: stop driving it here (its provider cancel is sent by {@link ProviderCancels}). */
    void canceled(String generationId) {
        Run run = runs.get(generationId);
        if (run != null) {
            run.canceled = true;
            var scheduled = run.nextPoll;
            if (scheduled != null && scheduled.cancel(false)) {
                finish(run, true);
            }
        }
    }

    /**
     * A provider signalled completion: poll now instead of at the next scheduled time. Returns whether this instance
     * drives the job (otherwise its holder's regular poll picks the result up).
     */
    public boolean pollNow(String generationId) {
        Run run = runs.get(generationId);
        if (run == null) {
            return false;
        }
        var scheduled = run.nextPoll;
        // only when the pending poll had not started yet, so a job never has two polls in flight
        if (scheduled != null && scheduled.cancel(false)) {
            step(run, () -> poll(run));
        }
        return true;
    }

    // ---- the attempt state machine ----

    private void resume(Run run) {
        switch (run.phase) {
            case "submitting" -> {
                // The previous holder sent (or was about to send) a submit and stopped before recording its answer:
                // submitting again could run and bill the generation twice, so the provider is asked first.
                run.adapter = providers.resolve(run.provider).orElse(null);
                if (run.adapter == null) {
                    onFailure(run, ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR, "provider " + run.provider + " is no longer configured"),
                            false, true);
                } else {
                    lookUp(run, 1, false);
                }
            }
            case "running" -> {
                run.adapter = providers.resolve(run.provider).orElse(null);
                if (run.adapter == null) {
                    onFailure(run, ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR, "provider " + run.provider + " is no longer configured"),
                            false, true);
                } else if (timedOut(run)) {
                    timeOut(run);
                } else {
                    poll(run);
                }
            }
            default -> {
                if (run.job.providerOrderFastest() && run.attempt == 0) {
                    run.order = chain.fastest(run.order, run.job.modelIdentifier());
                }
                startAttempt(run, run.index);
            }
        }
    }

    /** Starts the next attempt of an idle run at the best provider from {@code from} on. */
    private void startAttempt(Run run, int from) {
        if (run.canceled) {
            finish(run, true);
            return;
        }
        Duration deadline = config.startDeadline();
        if (run.startedAt == null && run.job.createdAt() != null
                && Instant.now().isAfter(run.job.createdAt().plus(deadline))) {
            write(run, new Transition.FailIdle(run.ref, run.attempt, ErrorCode.NO_PROVIDER_AVAILABLE,
                    "no provider accepted the generation within " + deadline.toSeconds() + " s"), outcome -> finish(run, true));
            return;
        }
        ProviderChain.Pick pick = chain.next(chainRequest(run), run.order, from);
        if (pick == null) {
            ErrorCode code = run.attempt == 0 ? ErrorCode.NO_PROVIDER_AVAILABLE : ErrorCode.ALL_PROVIDERS_FAILED;
            write(run, new Transition.FailIdle(run.ref, run.attempt, code, code.defaultMessage()), outcome -> finish(run, true));
            return;
        }
        slots.countPick(pick);
        write(run, new Transition.Begin(run.ref, run.attempt, pick.index(), pick.provider(), pick.order(),
                !pick.order().equals(run.storedOrder)), outcome -> {
            if (outcome != Transition.Outcome.APPLIED) {
                health.release(pick.provider(), run.job.modelIdentifier(), pick.admission());
                finish(run, true);
                return;
            }
            attemptBegun(run, pick);
            submit(run);
        });
    }

    private void attemptBegun(Run run, ProviderChain.Pick pick) {
        run.attempt++;
        run.index = pick.index();
        run.order = pick.order();
        run.storedOrder = pick.order();
        run.provider = pick.provider();
        run.adapter = providers.resolve(pick.provider()).orElseThrow();
        run.admission = pick.admission();
        run.phase = "submitting";
        run.predictionId = null;
        run.handle = null;
        run.pollErrors = 0;
        run.storeFailures = 0;
        run.attemptStartedMs = System.currentTimeMillis();
    }

    private void submit(Run run) {
        if (run.canceled) {
            // canceled before anything was sent: the row is canceled already, nothing runs at the provider
            slots.releaseAdmission(run);
            finish(run, true);
            return;
        }
        if (!slots.tryAcquirePermit(run)) {
            // The provider is at its concurrency bound: the job waits here (it already counts against max-in-flight,
            // so waiting is bounded) instead of piling more requests onto the provider.
            later(run, () -> submit(run), PROVIDER_BUSY_RETRY_MS);
            return;
        }
        ProviderRequest request = request(run);
        Span submit = tracing.start("provider submit", SpanKind.CLIENT);
        submit.setAttribute("babysea.provider", run.provider);
        submit.setAttribute("babysea.attempt", run.attempt);
        ProviderCalls.call(() -> run.adapter.submit(request)).whenComplete((submission, error) -> {
            if (error != null) {
                Tracing.failed(submit, ProviderCalls.unwrap(error));
            }
            submit.end();
            step(run, () -> onSubmitted(run, submission, error));
        });
    }

    private void onSubmitted(Run run, Submission submission, Throwable error) {
        if (error != null) {
            ProviderFailure failure = ProviderCalls.classify(error, true);
            if (failure.ambiguous()) {
                meters.counter("babysea.router.submits.ambiguous", "provider", run.provider).increment();
                lookUp(run, 1, true);
            } else {
                onFailure(run, failure, failure.providerFault(), false);
            }
            return;
        }
        run.predictionId = submission.predictionId();
        run.handle = submission.handle();
        PollResult immediate = submission.immediateResult();
        if (immediate instanceof PollResult.Succeeded succeeded) {
            takeCustody(run, succeeded, true);
        } else if (immediate instanceof PollResult.Failed failed) {
            onFailure(run, failed.failure(), failed.failure().providerFault(), false);
        } else {
            accept(run, submission.predictionId(), submission.handle());
        }
    }

    private void accept(Run run, String predictionId, String handle) {
        write(run, new Transition.Accept(run.ref, run.attempt, run.provider, predictionId, handle), outcome -> {
            switch (outcome) {
                case APPLIED -> {
                    run.phase = "running";
                    run.predictionId = predictionId;
                    run.handle = handle;
                    if (run.startedAt == null) {
                        run.startedAt = now();
                    }
                    schedulePoll(run, null);
                }
                case CANCELED -> {
                    // canceled while the submit was in flight: the provider cancel is queued with the prediction id
                    slots.releaseAll(run);
                    finish(run, true);
                }
                case STALE -> {
                    slots.releaseAll(run);
                    finish(run, true);
                }
            }
        });
    }

    /**
     * The submit of the current attempt may have created a prediction although its answer was lost. The provider is
     * asked: a prediction found is adopted (polled, never submitted again); none found lets the chain move on; a
     * provider that cannot be asked has the attempt written off (counted, and documented per provider).
     */
    private void lookUp(Run run, int lookup, boolean live) {
        ProviderRequest request = request(run);
        ProviderCalls.call(() -> run.adapter.find(request, run.attemptStartedMs)).whenComplete((answer, error) -> step(run, () -> {
            Lookup found = answer;
            if (error != null) {
                if (lookup < MAX_LOOKUPS) {
                    later(run, () -> lookUp(run, lookup + 1, live), 1_000L * lookup);
                    return;
                }
                found = Lookup.unsupported("lookup failed: " + ProviderCalls.unwrap(error));
            }
            if (found instanceof Lookup.Found adopted) {
                meters.counter("babysea.router.submits.recovered", "provider", run.provider, "resolution", "adopted").increment();
                LOG.infof("job %s: adopted prediction %s at %s whose submit answer was lost", run.generationId(), adopted.predictionId(),
                        run.provider);
                accept(run, adopted.predictionId(), adopted.handle());
            } else if (found instanceof Lookup.NotFound) {
                meters.counter("babysea.router.submits.recovered", "provider", run.provider, "resolution", "not_created").increment();
                onFailure(run, ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR, "submission outcome unknown; " + run.provider
                        + " has no prediction for it"), live, !live);
            } else {
                String why = ((Lookup.Unsupported) found).why();
                meters.counter("babysea.router.submits.recovered", "provider", run.provider, "resolution", "unverifiable").increment();
                LOG.warnf("job %s: submit outcome at %s unknown and cannot be checked (%s); written off", run.generationId(), run.provider, why);
                onFailure(run, ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR, "submission outcome unknown (" + why + ")"), live, true);
            }
        }));
    }

    private void schedulePoll(Run run, Duration hint) {
        if (run.canceled) {
            slots.releaseAll(run);
            finish(run, true);
            return;
        }
        long delayMs = hint == null ? config.pollInterval().toMillis() : Math.max(0, Math.min(hint.toMillis(), config.pollInterval().toMillis()));
        try {
            run.nextPoll = timer.schedule(run.context.wrap(() -> step(run, () -> poll(run))), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            drop(run, "the engine is stopping");
        }
    }

    private void poll(Run run) {
        run.nextPoll = null;
        if (run.canceled) {
            slots.releaseAll(run);
            finish(run, true);
            return;
        }
        ProviderRequest request = request(run);
        ProviderCalls.call(() -> run.adapter.poll(request, run.predictionId, run.handle)).whenComplete((result, error) -> step(run, () -> {
            if (error != null) {
                ProviderFailure failure = ProviderCalls.classify(error, false);
                // the prediction exists: a failed read (network, 5xx, rate limit) is retried, only a definite answer ends it
                if (failure.retryable() && ++run.pollErrors < MAX_POLL_ERRORS && !timedOut(run)) {
                    schedulePoll(run, failure.retryAfter());
                } else {
                    onFailure(run, failure, failure.providerFault(), false);
                }
                return;
            }
            run.pollErrors = 0;
            if (result instanceof PollResult.Running pending) {
                if (timedOut(run)) {
                    timeOut(run);
                } else {
                    schedulePoll(run, pending.nextPollHint());
                }
            } else if (result instanceof PollResult.Succeeded succeeded) {
                takeCustody(run, succeeded, false);
            } else if (result instanceof PollResult.Failed failed) {
                onFailure(run, failed.failure(), failed.failure().providerFault(), false);
            }
        }));
    }

    private boolean timedOut(Run run) {
        return System.currentTimeMillis() - run.attemptStartedMs > attemptTimeout(run).toMillis();
    }

    private void timeOut(Run run) {
        ProviderRequest request = request(run);
        ProviderCalls.call(() -> run.adapter.cancel(request, run.predictionId, run.handle));
        onFailure(run, ProviderFailure.retryable(ErrorCode.PROVIDER_TIMEOUT, "no result within " + attemptTimeout(run).toSeconds() + " s"),
                true, false);
    }

    private void takeCustody(Run run, PollResult.Succeeded result, boolean immediate) {
        if (run.canceled) {
            slots.releaseAll(run);
            finish(run, true);
            return;
        }
        slots.releaseProviderPermit(run);
        custody.download(result.outputs())
                .thenCompose(outputs -> custody.store(run.generationId(), outputs, storage))
                .whenComplete((urls, error) -> step(run, () -> {
                    if (error == null) {
                        slots.verdict(run, true);
                        recordSuccess(run, result, immediate, urls);
                        return;
                    }
                    Throwable cause = ProviderCalls.unwrap(error);
                    if (cause instanceof OutputCustody.StoreFailedException) {
                        // our storage failed, not the provider: keep the prediction, try again, then hand the job back
                        if (++run.storeFailures < MAX_STORE_FAILURES) {
                            LOG.warnf("job %s: %s; retrying", run.generationId(), cause.getMessage());
                            later(run, () -> takeCustody(run, result, immediate), 1_000L * run.storeFailures);
                        } else {
                            drop(run, cause.getMessage());
                        }
                        return;
                    }
                    onFailure(run, ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR, "output download failed: " + cause), true, false);
                }));
    }

    private void recordSuccess(Run run, PollResult.Succeeded result, boolean immediate, List<String> urls) {
        Instant startedAt = run.startedAt == null ? now() : run.startedAt;
        write(run, new Transition.Succeed(run.ref, run.attempt, run.provider, run.predictionId, run.handle, immediate, urls,
                result.predictTimeSeconds(), startedAt), outcome -> finish(run, true));
    }

    /**
     * An attempt failed. {@code counts}: the failure is held against the provider's health (never for the request's
     * own faults or for attempts written off without a verdict). Then the chain moves on, waits for the same provider
     * when it asked to be retried later and nothing else is left, or the generation fails.
     */
    private void onFailure(Run run, ProviderFailure failure, boolean counts, boolean abandoned) {
        slots.releaseProviderPermit(run);
        if (counts && failure.providerFault()) {
            slots.verdict(run, false);
        } else {
            slots.releaseAdmission(run);
        }
        Duration retryAfter = failure.retryAfter() == null ? null
                : failure.retryAfter().compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : failure.retryAfter();
        if (retryAfter != null && run.provider != null) {
            // honour Retry-After for every job: the provider goes last in chains until then
            health.coolDown(run.provider, retryAfter);
        }
        long durationMs = System.currentTimeMillis() - run.attemptStartedMs;
        ProviderChain.Pick next = failure.retryable() && !run.canceled ? chain.next(chainRequest(run), run.order, run.index + 1) : null;
        if (next == null && retryAfter != null && failure.retryable() && !run.canceled && run.sameProviderRetries < 1
                && retryAfter.compareTo(MAX_SAME_PROVIDER_WAIT) <= 0) {
            // nothing else left in the chain: wait as told and try the same provider once more
            run.sameProviderRetries++;
            write(run, new Transition.Fail(run.ref, run.attempt, run.provider, run.predictionId, failure, abandoned, durationMs,
                    new Transition.Park()), outcome -> {
                if (outcome != Transition.Outcome.APPLIED) {
                    finish(run, true);
                    return;
                }
                run.phase = "none";
                int same = run.index;
                later(run, () -> startAttempt(run, same), retryAfter.toMillis());
            });
            return;
        }
        if (next != null) {
            slots.countPick(next);
            write(run, new Transition.Fail(run.ref, run.attempt, run.provider, run.predictionId, failure, abandoned, durationMs,
                    new Transition.FailOver(next.index(), next.provider(), next.order(), !next.order().equals(run.storedOrder))), outcome -> {
                if (outcome != Transition.Outcome.APPLIED) {
                    health.release(next.provider(), run.job.modelIdentifier(), next.admission());
                    finish(run, true);
                    return;
                }
                attemptBegun(run, next);
                submit(run);
            });
            return;
        }
        ErrorCode code = failure.retryable() ? ErrorCode.ALL_PROVIDERS_FAILED : failure.code();
        String message = failure.retryable() ? ErrorCode.ALL_PROVIDERS_FAILED.defaultMessage() : failure.message();
        write(run, new Transition.Fail(run.ref, run.attempt, run.provider, run.predictionId, failure, abandoned, durationMs,
                new Transition.GiveUp(code, message)), outcome -> finish(run, true));
    }

    // ---- plumbing ----

    /** Writes a step; {@code then} continues the run with its outcome; a step that cannot be written drops the run. */
    private void write(Run run, Transition transition, Consumer<Transition.Outcome> then) {
        run.progressed();
        // the continuation runs in the job's trace, so the provider calls it makes stay children of the job's span
        writer.write(transition, outcome -> run.context.wrap(() -> runStep(run, () -> then.accept(outcome))).run(),
                () -> drop(run, "its step could not be written"));
    }

    /** Runs an action of a run on the step pool, in the run's trace; an unexpected error drops the run. */
    private void step(Run run, Runnable action) {
        try {
            steps.execute(run.context.wrap(() -> runStep(run, action)));
        } catch (RejectedExecutionException stopping) {
            drop(run, "the engine is stopping");
        }
    }

    private void runStep(Run run, Runnable action) {
        run.progressed();
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warnf(e, "job %s: step failed", run.generationId());
            drop(run, "a step failed: " + e);
        }
    }

    private void later(Run run, Runnable action, long delayMs) {
        try {
            timer.schedule(run.context.wrap(() -> step(run, action)), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            drop(run, "the engine is stopping");
        }
    }

    /**
     * Stops driving a run without an outcome: its lease is no longer renewed, so it lapses and the job is claimed again
     * (here or elsewhere) and resumed from its row. Giving the lease back at once is tried, best effort.
     */
    private void drop(Run run, String why) {
        if (!runs.remove(run.generationId(), run)) {
            return;
        }
        LOG.warnf("job %s: handed back to be resumed from its row (%s)", run.generationId(), why);
        meters.counter("babysea.router.jobs.handed_back").increment();
        slots.releaseAll(run);
        run.span.end();
        capacity.release();
        if (running) {
            CompletableFuture.runAsync(() -> {
                try {
                    jobs.release(owner, List.of(run.generationId()));
                } catch (RuntimeException e) {
                    LOG.debugf("release of %s failed; its lease lapses instead: %s", run.generationId(), e.toString());
                }
            }, storage);
        }
        onCapacityFreed.run();
    }

    private void finish(Run run, boolean done) {
        slots.releaseAll(run);
        if (runs.remove(run.generationId(), run)) {
            run.span.end();
            capacity.release();
            if (done) {
                completed.incrementAndGet();
            }
            onCapacityFreed.run();
        }
    }

    /**
     * Every 5 s: a run that has not moved for longer than any provider call may take (a lost future, a timer that
     * never fired) is handed back and resumed from its row.
     */
    private void watchdog() {
        long stallMs = config.stallTimeout().toMillis();
        long now = System.currentTimeMillis();
        for (Run run : runs.values()) {
            if (now - run.lastProgressMs > stallMs && run.nextPoll == null) {
                drop(run, "no progress for " + (now - run.lastProgressMs) / 1000 + " s");
            }
        }
    }

    private ProviderRequest request(Run run) {
        return new ProviderRequest(run.generationId(), run.job.modelIdentifier(), run.job.mediaType(), run.provider,
                providers.nativeModelId(run.job.modelIdentifier(), run.provider), run.job.parameters(), run.attempt, run.index);
    }

    private static ProviderChain.Request chainRequest(Run run) {
        return new ProviderChain.Request(run.generationId(), run.job.modelIdentifier(), run.job.mediaType(), run.job.parameters(),
                run.attempt + 1);
    }

    /** Attempts in flight at a provider from this instance (metrics and tests). */
    public int inFlightAt(String provider) {
        return slots.inFlightAt(provider);
    }

    private Duration attemptTimeout(Run run) {
        return "video".equals(run.job.mediaType()) ? config.attemptTimeoutVideo() : config.attemptTimeoutImage();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    static ThreadFactory daemon(String name) {
        AtomicLong counter = new AtomicLong();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "router";
        }
    }
}
