package ai.babysea.router.job;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.platform.tracing.Tracing;
import ai.babysea.router.config.RouterConfig;
import ai.babysea.router.health.ProviderHealth;
import ai.babysea.router.provider.PollResult;
import ai.babysea.router.provider.ProviderAdapter;
import ai.babysea.router.provider.ProviderException;
import ai.babysea.router.provider.ProviderFailure;
import ai.babysea.router.provider.ProviderOutput;
import ai.babysea.router.provider.ProviderRegistry;
import ai.babysea.router.provider.ProviderRequest;
import ai.babysea.router.provider.Submission;
import ai.babysea.router.provider.http.ProviderHttp;
import ai.babysea.router.storage.OutputStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Drives leased jobs through the provider chain without a thread per job. A claimer thread leases
 * queued jobs (bounded by `max-in-flight` permits: jobs beyond it wait in the database, which is the
 * backpressure); provider calls are non-blocking futures; polls are timer tasks; each state change is
 * a short transaction on a small fixed pool. A job taken over from a dead instance resumes from its
 * persisted attempt: a running prediction is polled, never resubmitted.
 */
@ApplicationScoped
public class JobRunner {
    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    /** Pause before a job retries a provider that is at its concurrency bound. */
    private static final long PROVIDER_BUSY_RETRY_MS = 250;
    /** Default per-provider concurrency when a provider has no settings. */
    private static final int DEFAULT_PROVIDER_CONCURRENCY = 500;
    /** Longest cool-down a provider's Retry-After can impose. */
    private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);
    /** Longest wait for a retry of the same provider when the chain has nothing else left. */
    private static final Duration MAX_SAME_PROVIDER_WAIT = Duration.ofSeconds(60);
    /** Most provider cancels taken per sweep. */
    private static final int PENDING_CANCEL_BATCH = 200;

    private final JobService jobs;
    private final ProviderRegistry providers;
    private final OutputStore store;
    private final ProviderHealth health;
    private final ProviderHttp http;
    private final Tracing tracing;
    private final RouterConfig.Worker config;
    private final String owner;
    private final Semaphore permits;
    private final Map<String, Run> active = new ConcurrentHashMap<>();
    private final Map<String, Semaphore> providerPermits = new ConcurrentHashMap<>();
    private final Map<String, RouterConfig.Provider> providerSettings;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    private final AtomicLong completed = new AtomicLong();
    private volatile boolean pendingWork;
    private volatile boolean running;
    private volatile boolean paused;
    private ScheduledExecutorService timer;
    private ExecutorService transitions;
    private Thread claimer;

    JobRunner(JobService jobs, ProviderRegistry providers, OutputStore store, ProviderHealth health, ProviderHttp http,
            RouterConfig config, MeterRegistry meters, Tracing tracing) {
        this.http = http;
        this.tracing = tracing;
        this.jobs = jobs;
        this.providers = providers;
        this.store = store;
        this.health = health;
        this.config = config.worker();
        this.providerSettings = config.providers();
        this.owner = hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.permits = new Semaphore(config.worker().maxInFlight());
        meters.gauge("babysea.router.jobs.in_flight", active, Map::size);
        meters.gauge("babysea.router.jobs.completed", completed);
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("job worker disabled: this instance only persists dispatched jobs");
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(daemon("job-timer"));
        transitions = Executors.newFixedThreadPool(config.transitionThreads(), daemon("job-transition"));
        running = true;
        claimer = daemon("job-claimer").newThread(this::claimLoop);
        claimer.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (!running) {
            return;
        }
        running = false;
        wake();
        try {
            claimer.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
        transitions.shutdownNow();
        try {
            // Hand the jobs back so another instance continues them without waiting for the lease to expire.
            int released = jobs.releaseAll(owner);
            LOG.infof("released %d job leases on shutdown", released);
        } catch (RuntimeException e) {
            LOG.warnf("could not release leases on shutdown (they expire by themselves): %s", e.toString());
        }
    }

    /** This instance's lease owner id. */
    public String owner() {
        return owner;
    }

    /** Jobs this instance is driving now. */
    public int inFlight() {
        return active.size();
    }

    /** Jobs this instance brought to an end (any outcome) since start. */
    public long completed() {
        return completed.get();
    }

    /** Stops claiming new jobs (jobs in flight continue); used to drain an instance. */
    public void pauseClaiming() {
        paused = true;
    }

    /** Resumes claiming. */
    public void resumeClaiming() {
        paused = false;
        wake();
    }

    /** Wakes the claimer (after a job was persisted). */
    public void wake() {
        lock.lock();
        try {
            pendingWork = true;
            wakeUp.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The job was canceled: stop driving it here (its provider cancel is sent by {@link #sendPendingCancels()}). */
    public void canceled(String generationId) {
        Run run = active.get(generationId);
        if (run != null) {
            run.canceled = true;
        }
        if (running) {
            transitions.execute(this::sendPendingCancels);
        }
    }

    /**
     * A provider signalled completion: poll now instead of at the next scheduled time. Returns whether this
     * instance drives the job (otherwise its holder's regular poll picks the result up).
     */
    public boolean pollNow(String generationId) {
        Run run = active.get(generationId);
        if (run == null) {
            return false;
        }
        var scheduled = run.nextPoll;
        // only when the pending poll had not started yet, so a job never has two polls in flight
        if (scheduled != null && scheduled.cancel(false)) {
            timer.execute(run.context.wrap(() -> poll(run)));
        }
        return true;
    }

    @Scheduled(every = "${babysea.router.worker.lease-renew-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void renewLeases() {
        if (running) {
            jobs.renewLeases(owner, config.leaseDuration());
        }
    }

    /** Sends queued provider cancels (any instance may send them: they need only provider and prediction id). */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sendPendingCancels() {
        if (!running) {
            return;
        }
        List<JobService.PendingCancel> pending = jobs.takePendingCancels(PENDING_CANCEL_BATCH);
        for (JobService.PendingCancel cancel : pending) {
            providers.resolve(cancel.provider()).ifPresent(adapter -> {
                ProviderRequest request = new ProviderRequest(cancel.generationId(), cancel.modelIdentifier(), cancel.mediaType(),
                        cancel.provider(), providers.nativeModelId(cancel.modelIdentifier(), cancel.provider()), null, cancel.attempt(), -1);
                call(() -> adapter.cancel(request, cancel.predictionId(), cancel.handle())).whenComplete((ignored, error) -> {
                    if (error != null) {
                        LOG.warnf("provider cancel of %s at %s failed (best effort): %s", cancel.generationId(), cancel.provider(),
                                unwrap(error).toString());
                    }
                });
            });
        }
    }

    private void claimLoop() {
        while (running) {
            try {
                int claimed = 0;
                if (!paused) {
                    claimed = claimOnce();
                }
                if (claimed < config.claimBatch()) {
                    awaitWork();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warnf("claiming jobs failed, retrying: %s", e.toString());
                awaitQuietly(1_000);
            }
        }
    }

    private int claimOnce() {
        int free = Math.min(permits.availablePermits(), config.claimBatch());
        if (free <= 0) {
            return 0;
        }
        List<Job> claimed = jobs.claim(owner, free, config.leaseDuration());
        for (Job job : claimed) {
            if (active.containsKey(job.generationId()) || !permits.tryAcquire()) {
                continue;
            }
            // The job's span continues the trace stored with the job by the dispatch consumer; every step and timer
            // task of the job runs with it current, so its provider calls and outbox events stay in that trace.
            Span span = tracing.startFrom(job.traceparent(), "router job", SpanKind.INTERNAL);
            span.setAttribute("babysea.generation_id", job.generationId());
            span.setAttribute("babysea.model", job.modelIdentifier());
            Run run = new Run(job, span);
            active.put(job.generationId(), run);
            step(run, () -> resume(run));
        }
        return claimed.size();
    }

    private void awaitWork() throws InterruptedException {
        lock.lock();
        try {
            if (!pendingWork && running) {
                wakeUp.await(config.claimInterval().toMillis(), TimeUnit.MILLISECONDS);
            }
            pendingWork = false;
        } finally {
            lock.unlock();
        }
    }

    private void awaitQuietly(long ms) {
        lock.lock();
        try {
            wakeUp.await(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Runs a transition on the transition pool; an unexpected error gives the job back for a later retry. */
    private void step(Run run, Runnable action) {
        try {
            transitions.execute(run.context.wrap(() -> {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    abandon(run, e);
                }
            }));
        } catch (RuntimeException rejected) {
            abandon(run, rejected);
        }
    }

    private void abandon(Run run, Exception e) {
        LOG.warnf(e, "job %s: step failed, giving the job back", run.job.generationId());
        try {
            jobs.release(owner, run.job.generationId());
        } catch (RuntimeException releaseFailed) {
            LOG.debugf("release of %s failed too; the lease will expire: %s", run.job.generationId(), releaseFailed.toString());
        }
        finish(run, false);
    }

    private void resume(Run run) {
        Job job = run.job;
        switch (job.attemptPhase()) {
            case "submitting" -> {
                // A previous holder issued a submit and died before recording its outcome. Resubmitting could run
                // (and bill) the generation twice at that provider, so the attempt is written off and the chain
                // moves on to the next provider.
                ProviderFailure unknown = ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR,
                        "submission outcome unknown after the previous router instance stopped");
                int next = nextUsable(run, job.providerIndex() + 1);
                afterFailure(run, jobs.recordFailure(owner, job.generationId(), job.attempt(), unknown, next, true), next);
            }
            case "running" -> {
                run.attempt = job.attempt();
                run.providerIndex = job.providerIndex();
                run.predictionId = job.predictionId();
                run.handle = job.providerHandle();
                run.attemptStartedMs = job.attemptStartedAt() == null ? System.currentTimeMillis() : job.attemptStartedAt().toEpochMilli();
                providers.resolve(job.provider()).ifPresentOrElse(adapter -> {
                    run.adapter = adapter;
                    poll(run);
                }, () -> {
                    ProviderFailure gone = ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR, "provider " + job.provider() + " is no longer configured");
                    int next = nextUsable(run, job.providerIndex() + 1);
                    afterFailure(run, jobs.recordFailure(owner, job.generationId(), job.attempt(), gone, next, false), next);
                });
            }
            default -> {
                if (job.providerOrderFastest() && job.attempt() == 0) {
                    List<String> ranked = health.rank(job.providerOrder(), job.modelIdentifier());
                    if (!ranked.equals(job.providerOrder()) && jobs.reorder(owner, job.generationId(), ranked)) {
                        run.order = ranked;
                    }
                }
                nextAttempt(run, job.providerIndex(), false);
            }
        }
    }

    private void nextAttempt(Run run, int fromIndex) {
        nextAttempt(run, fromIndex, false);
    }

    /**
     * Starts the next attempt at the first usable provider from `fromIndex` (`exactly`: that provider only,
     * used to retry after its Retry-After when nothing else is left).
     */
    private void nextAttempt(Run run, int fromIndex, boolean exactly) {
        if (run.canceled) {
            finish(run, true);
            return;
        }
        if (run.job.startedAt() == null && !run.started && run.job.createdAt() != null
                && run.job.createdAt().plus(config.startDeadline()).isBefore(java.time.Instant.now())) {
            jobs.failNotStarted(owner, run.job.generationId(), config.startDeadline());
            finish(run, true);
            return;
        }
        int index = exactly ? fromIndex : nextUsable(run, fromIndex);
        while (index >= 0 && !exactly && !health.tryAcquire(run.order.get(index), run.job.modelIdentifier())) {
            // the breaker's half-open probe was taken meanwhile; look further down the chain
            index = nextUsable(run, index + 1);
        }
        if (index < 0) {
            jobs.failExhausted(owner, run.job.generationId());
            finish(run, true);
            return;
        }
        String provider = run.order.get(index);
        if (!providerPermits(provider).tryAcquire()) {
            // The provider is at its concurrency bound: the job waits here (it already counts against
            // max-in-flight, so waiting is bounded) instead of piling more requests onto the provider.
            int retryIndex = index;
            schedule(run, () -> step(run, () -> nextAttempt(run, retryIndex, true)), PROVIDER_BUSY_RETRY_MS);
            return;
        }
        run.heldProviderPermit = provider;
        var attempt = jobs.beginAttempt(owner, run.job.generationId(), index, provider);
        if (attempt.isEmpty()) {
            finish(run, true);
            return;
        }
        run.attempt = attempt.get();
        run.providerIndex = index;
        run.adapter = providers.resolve(provider).orElseThrow();
        run.predictionId = null;
        run.attemptStartedMs = System.currentTimeMillis();
        ProviderRequest request = request(run, index, run.attempt);
        Span submit = tracing.start("provider submit", SpanKind.CLIENT);
        submit.setAttribute("babysea.provider", provider);
        submit.setAttribute("babysea.attempt", run.attempt);
        call(() -> run.adapter.submit(request)).whenComplete((submission, error) -> {
            if (error != null) {
                Tracing.failed(submit, unwrap(error));
            }
            submit.end();
            step(run, () -> onSubmitted(run, submission, error));
        });
    }

    private void onSubmitted(Run run, Submission submission, Throwable error) {
        if (error != null) {
            onFailure(run, classify(error));
            return;
        }
        switch (jobs.recordAccepted(owner, run.job.generationId(), run.attempt, submission.predictionId(), submission.handle())) {
            case POLL -> {
                run.started = true;
                run.predictionId = submission.predictionId();
                run.handle = submission.handle();
                if (submission.immediateResult() != null) {
                    onResult(run, submission.immediateResult());
                } else {
                    schedulePoll(run, null);
                }
            }
            case CANCELED -> {
                sendPendingCancels();
                finish(run, true);
            }
            case LOST -> finish(run, true);
        }
    }

    private void schedulePoll(Run run, Duration hint) {
        if (run.canceled) {
            finish(run, true);
            return;
        }
        long delayMs = hint == null ? config.pollInterval().toMillis() : Math.max(0, Math.min(hint.toMillis(), config.pollInterval().toMillis()));
        try {
            run.nextPoll = timer.schedule(run.context.wrap(() -> poll(run)), delayMs, TimeUnit.MILLISECONDS);
        } catch (RuntimeException rejected) {
            finish(run, false);
        }
    }

    private void poll(Run run) {
        if (run.canceled) {
            finish(run, true);
            return;
        }
        ProviderRequest request = request(run, run.providerIndex, run.attempt);
        call(() -> run.adapter.poll(request, run.predictionId, run.handle)).whenComplete((result, error) -> {
            if (error != null) {
                step(run, () -> onFailure(run, classify(error)));
            } else {
                onResult(run, result);
            }
        });
    }

    private void onResult(Run run, PollResult result) {
        if (result instanceof PollResult.Running pending) {
            if (System.currentTimeMillis() - run.attemptStartedMs > attemptTimeout(run).toMillis()) {
                ProviderRequest request = request(run, run.providerIndex, run.attempt);
                call(() -> run.adapter.cancel(request, run.predictionId, run.handle));
                step(run, () -> onFailure(run, ProviderFailure.retryable(ErrorCode.PROVIDER_TIMEOUT,
                        "no result within " + attemptTimeout(run).toSeconds() + " s")));
            } else {
                schedulePoll(run, pending.nextPollHint());
            }
        } else if (result instanceof PollResult.Succeeded succeeded) {
            step(run, () -> onSucceeded(run, succeeded));
        } else if (result instanceof PollResult.Failed failed) {
            step(run, () -> onFailure(run, failed.failure()));
        }
    }

    private void onSucceeded(Run run, PollResult.Succeeded result) {
        if (run.canceled) {
            finish(run, true);
            return;
        }
        releaseProvider(run);
        // Provider URLs expire (BFL ~10 min, Replicate ~1 h): copy every output into our custody first.
        List<CompletableFuture<ProviderOutput>> downloads = new ArrayList<>();
        for (ProviderOutput output : result.outputs()) {
            downloads.add(output.inline() ? CompletableFuture.completedFuture(output) : download(output));
        }
        CompletableFuture.allOf(downloads.toArray(new CompletableFuture[0])).whenComplete((ignored, error) -> step(run, () -> {
            if (error != null) {
                onFailure(run, ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR, "output download failed: " + unwrap(error)));
                return;
            }
            List<String> urls = new ArrayList<>();
            int index = 0;
            for (CompletableFuture<ProviderOutput> download : downloads) {
                ProviderOutput output = download.join();
                urls.add(store.put(run.job.generationId(), index++, output.extension(), output.contentType(), output.content()));
            }
            health.record(run.adapter.providerId(), run.job.modelIdentifier(), true, System.currentTimeMillis() - run.attemptStartedMs);
            jobs.recordSuccess(owner, run.job.generationId(), run.attempt, urls, result.predictTimeSeconds());
            finish(run, true);
        }));
    }

    private CompletableFuture<ProviderOutput> download(ProviderOutput output) {
        return http.download(output.url(), output.headers()).thenApply(response -> {
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("GET " + output.url() + " answered " + response.statusCode());
            }
            String contentType = output.contentType() != null ? output.contentType()
                    : response.headers().firstValue("content-type").map(t -> t.split(";")[0].trim()).orElse(guessType(output.extension()));
            String extension = output.extension() != null ? output.extension() : extensionOf(contentType);
            return ProviderOutput.inline(response.body(), contentType, extension);
        });
    }

    private static String guessType(String extension) {
        if (extension == null) {
            return "application/octet-stream";
        }
        return switch (extension) {
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "webp" -> "image/webp";
            case "mp4" -> "video/mp4";
            default -> "application/octet-stream";
        };
    }

    private static String extensionOf(String contentType) {
        return switch (contentType) {
            case "image/png" -> "png";
            case "image/jpeg" -> "jpg";
            case "image/webp" -> "webp";
            case "video/mp4" -> "mp4";
            default -> "bin";
        };
    }

    private void onFailure(Run run, ProviderFailure failure) {
        releaseProvider(run);
        String provider = run.adapter.providerId();
        if (failure.retryable()) {
            // invalid input and content policy say nothing about the provider's health
            health.record(provider, run.job.modelIdentifier(), false, System.currentTimeMillis() - run.attemptStartedMs);
        }
        Duration retryAfter = failure.retryAfter() == null ? null
                : failure.retryAfter().compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : failure.retryAfter();
        if (retryAfter != null) {
            // honour Retry-After for every job: the provider is skipped until then
            health.coolDown(provider, retryAfter);
        }
        int next = failure.retryable() ? nextUsable(run, run.providerIndex + 1) : -1;
        if (next < 0 && retryAfter != null && failure.retryable() && run.sameProviderRetries < 1
                && retryAfter.compareTo(MAX_SAME_PROVIDER_WAIT) <= 0) {
            // nothing else left in the chain: wait as told and try the same provider once more
            run.sameProviderRetries++;
            int same = run.providerIndex;
            if (jobs.recordFailure(owner, run.job.generationId(), run.attempt, failure, same, false) == JobService.AfterFailure.NEXT_PROVIDER) {
                schedule(run, () -> step(run, () -> nextAttempt(run, same, true)), retryAfter.toMillis());
            } else {
                finish(run, true);
            }
            return;
        }
        afterFailure(run, jobs.recordFailure(owner, run.job.generationId(), run.attempt, failure, next, false), next);
    }

    private void schedule(Run run, Runnable action, long delayMs) {
        try {
            timer.schedule(run.context.wrap(action), delayMs, TimeUnit.MILLISECONDS);
        } catch (RuntimeException rejected) {
            finish(run, false);
        }
    }

    private Semaphore providerPermits(String provider) {
        return providerPermits.computeIfAbsent(provider, id -> {
            RouterConfig.Provider settings = providerSettings.get(id);
            return new Semaphore(settings == null ? DEFAULT_PROVIDER_CONCURRENCY : settings.maxConcurrency());
        });
    }

    private void releaseProvider(Run run) {
        String provider = run.heldProviderPermit;
        if (provider != null) {
            run.heldProviderPermit = null;
            providerPermits(provider).release();
        }
    }

    /** Attempts in flight at a provider from this instance (metrics and tests). */
    public int inFlightAt(String provider) {
        RouterConfig.Provider settings = providerSettings.get(provider);
        int max = settings == null ? DEFAULT_PROVIDER_CONCURRENCY : settings.maxConcurrency();
        return max - providerPermits(provider).availablePermits();
    }

    private void afterFailure(Run run, JobService.AfterFailure after, int next) {
        if (after == JobService.AfterFailure.NEXT_PROVIDER) {
            nextAttempt(run, next);
        } else {
            finish(run, true);
        }
    }

    private void finish(Run run, boolean done) {
        releaseProvider(run);
        if (active.remove(run.job.generationId(), run)) {
            run.span.end();
            permits.release();
            if (done) {
                completed.incrementAndGet();
            }
            wake();
        }
    }

    private int nextUsable(Run run, int fromIndex) {
        List<String> order = run.order;
        for (int i = Math.max(0, fromIndex); i < order.size(); i++) {
            int position = i;
            boolean usable = health.available(order.get(i), run.job.modelIdentifier())
                    && providers.resolve(order.get(i)).map(adapter -> adapter.supports(request(run, position, run.attempt + 1))).orElse(false);
            if (usable) {
                return i;
            }
        }
        return -1;
    }

    private ProviderRequest request(Run run, int index, int attempt) {
        String provider = run.order.get(index);
        return new ProviderRequest(run.job.generationId(), run.job.modelIdentifier(), run.job.mediaType(), provider,
                providers.nativeModelId(run.job.modelIdentifier(), provider), run.job.parameters(), attempt, index);
    }

    private Duration attemptTimeout(Run run) {
        return "video".equals(run.job.mediaType()) ? config.attemptTimeoutVideo() : config.attemptTimeoutImage();
    }

    /** Calls an adapter so that a synchronous throw becomes a failed future. */
    private static <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static ProviderFailure classify(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof ProviderException provider) {
            return provider.failure();
        }
        if (cause instanceof java.net.http.HttpTimeoutException || cause instanceof java.util.concurrent.TimeoutException) {
            return ProviderFailure.retryable(ErrorCode.PROVIDER_TIMEOUT, "provider did not answer in time");
        }
        return ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR, "provider call failed: " + cause);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
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

    /** In-memory progress of one leased job; touched by one step at a time. */
    private static final class Run {
        final Job job;
        final Span span;
        final Context context;
        volatile boolean canceled;
        volatile int attempt;
        volatile int providerIndex;
        volatile String predictionId;
        volatile String handle;
        volatile long attemptStartedMs;
        volatile ProviderAdapter adapter;
        volatile java.util.concurrent.ScheduledFuture<?> nextPoll;
        volatile List<String> order;
        volatile String heldProviderPermit;
        volatile int sameProviderRetries;
        volatile boolean started;

        Run(Job job, Span span) {
            this.job = job;
            this.span = span;
            this.context = Context.root().with(span);
            this.order = job.providerOrder();
            this.attempt = job.attempt();
            this.providerIndex = job.providerIndex();
        }
    }
}
