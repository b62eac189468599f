package ai.babysea.router.job;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.contracts.Ids;
import ai.babysea.contracts.events.DomainEvent;
import ai.babysea.contracts.events.GenerationAdmitted;
import ai.babysea.contracts.events.GenerationAttemptFailed;
import ai.babysea.contracts.events.GenerationCancelForwarded;
import ai.babysea.contracts.events.GenerationCanceled;
import ai.babysea.contracts.events.GenerationFailed;
import ai.babysea.contracts.events.GenerationStarted;
import ai.babysea.contracts.events.GenerationSucceeded;
import ai.babysea.contracts.events.ProviderError;
import ai.babysea.platform.outbox.OutboxWriter;
import ai.babysea.platform.tracing.TraceContext;
import ai.babysea.router.provider.ProviderAdapter;
import ai.babysea.router.provider.ProviderRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The router's use cases, each one transaction: admitting dispatched generations, cancels, leases, and applying a
 * batch of attempt transitions ({@link #apply}) with one commit. Every change another service must learn about
 * appends its event to the outbox in the same transaction, under an id derived from what it announces, so a step
 * replayed after a crash announces nothing twice. Terminal states never change: every worker write is fenced (see
 * {@link JobRepository}).
 */
@ApplicationScoped
public class JobService {
    private static final Logger LOG = Logger.getLogger(JobService.class);

    private final JobRepository jobs;
    private final OutboxWriter outbox;
    private final ProviderRegistry providers;

    JobService(JobRepository jobs, OutboxWriter outbox, ProviderRegistry providers) {
        this.jobs = jobs;
        this.outbox = outbox;
        this.providers = providers;
    }

    /** What a cancel did. */
    public enum CancelOutcome {
        /** The job had not started at a provider: canceled locally. */
        CANCELED_BEFORE_START,
        /** An attempt was in flight: canceled, and a provider cancel is queued when the provider supports it. */
        CANCELED_WHILE_RUNNING,
        /** The job was already terminal; the cancel is recorded (inbox) and ignored. */
        ALREADY_TERMINAL,
        /** No job yet: remembered so a later admission is canceled at once. */
        REMEMBERED
    }

    /**
     * Persists admitted generations as queued jobs in the caller's transaction (a redelivered admission is a no-op);
     * the first {@code leased} new ones are leased to {@code owner} at once, so this instance drives them without a
     * claim. A generation whose cancel arrived first is canceled instead. Returns the jobs leased to {@code owner}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Job> admit(List<GenerationAdmitted> admitted, String owner, int leased, Duration lease) {
        List<JobRepository.NewJob> rows = new ArrayList<>(admitted.size());
        int leases = 0;
        for (GenerationAdmitted generation : admitted) {
            String leaseOwner = leases < leased ? owner : null;
            leases += leaseOwner == null ? 0 : 1;
            rows.add(new JobRepository.NewJob(generation.generationId(), generation.accountId(), generation.modelIdentifier(),
                    generation.mediaType(), Job.json(generation.parameters()), generation.providerOrder(), generation.providerOrderFastest(),
                    generation.costMicros(), TraceContext.traceparentFor(generation.generationId()), leaseOwner));
        }
        Set<String> inserted = jobs.insert(rows, lease);
        Set<String> canceledEarly = jobs.takeEarlyCancels(inserted);
        List<Job> mine = new ArrayList<>();
        List<OutboxWriter.Identified> events = new ArrayList<>();
        for (int i = 0; i < admitted.size(); i++) {
            GenerationAdmitted generation = admitted.get(i);
            if (!inserted.contains(generation.generationId())) {
                continue;
            }
            if (canceledEarly.contains(generation.generationId())) {
                jobs.markCanceled(generation.generationId(), false);
                events.add(event("canceled", generation.generationId(), new GenerationCanceled(generation.generationId(),
                        generation.accountId(), generation.modelIdentifier(), null, false, true, now())));
            } else if (rows.get(i).leaseOwner() != null) {
                mine.add(Job.admitted(generation, rows.get(i).traceparent()));
            }
        }
        outbox.appendAllIdentified(events);
        return mine;
    }

    /** Cancels a job: locally before it started, with a queued provider cancel while it runs; ignored when terminal. */
    @Transactional(Transactional.TxType.MANDATORY)
    public CancelOutcome cancel(GenerationCancelForwarded cancel) {
        Optional<Job> found = jobs.lock(cancel.generationId());
        if (found.isEmpty()) {
            jobs.rememberEarlyCancel(cancel.generationId(), cancel.accountId(), cancel.requestedAt() == null ? now() : cancel.requestedAt());
            return CancelOutcome.REMEMBERED;
        }
        Job job = found.get();
        if (!job.live()) {
            LOG.infof("cancel of %s ignored: already %s", job.generationId(), job.state());
            return CancelOutcome.ALREADY_TERMINAL;
        }
        boolean inFlight = !job.attemptPhase().equals("none");
        boolean providerCancel = inFlight && providers.resolve(job.provider()).map(ProviderAdapter::supportsCancel).orElse(false);
        jobs.markCanceled(job.generationId(), providerCancel);
        if (inFlight) {
            jobs.markAttemptCanceled(job.generationId(), job.attempt());
        }
        outbox.appendAllIdentified(List.of(event("canceled", job.generationId(), new GenerationCanceled(job.generationId(), job.accountId(),
                job.modelIdentifier(), job.predictionId(), providerCancel, true, now()))));
        return inFlight ? CancelOutcome.CANCELED_WHILE_RUNNING : CancelOutcome.CANCELED_BEFORE_START;
    }

    /** Leases up to {@code limit} live jobs nobody holds (new, or whose holder's lease expired), oldest first. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Job> claim(String owner, int limit, Duration lease) {
        return jobs.claim(owner, limit, lease);
    }

    /** Extends the leases of the jobs this owner drives in memory (only those: a job it dropped lapses and is claimed again). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int renew(String owner, List<String> generationIds, Duration lease) {
        return jobs.renew(owner, generationIds, lease);
    }

    /** Gives jobs back (another worker may claim them at once). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int release(String owner, List<String> generationIds) {
        return jobs.release(owner, generationIds);
    }

    /** Gives back every job of this owner (graceful shutdown). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int releaseAll(String owner) {
        return jobs.releaseAll(owner);
    }

    /**
     * Applies a batch of transitions of jobs leased to {@code owner} in one transaction and returns how each ended.
     * A step whose row moved on (lease lost, canceled, stale attempt) changes nothing and announces nothing.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Map<Transition, Transition.Outcome> apply(String owner, List<? extends Transition> transitions) {
        // by identity: each step object is answered, whatever its values
        Map<Transition, Transition.Outcome> outcomes = new java.util.IdentityHashMap<>();
        List<OutboxWriter.Identified> events = new ArrayList<>();
        List<Transition.Begin> begins = new ArrayList<>();
        List<Transition.Accept> accepts = new ArrayList<>();
        List<Transition.Succeed> successes = new ArrayList<>();
        List<Transition.Fail> failures = new ArrayList<>();
        List<Transition.FailIdle> idleFailures = new ArrayList<>();
        for (Transition transition : transitions) {
            if (transition instanceof Transition.Begin begin) {
                begins.add(begin);
            } else if (transition instanceof Transition.Accept accept) {
                accepts.add(accept);
            } else if (transition instanceof Transition.Succeed success) {
                successes.add(success);
            } else if (transition instanceof Transition.Fail failure) {
                failures.add(failure);
            } else if (transition instanceof Transition.FailIdle failure) {
                idleFailures.add(failure);
            }
        }
        applyBegins(owner, begins, outcomes);
        applyAccepts(owner, accepts, outcomes, events);
        applySuccesses(owner, successes, outcomes, events);
        List<Transition.JobRef> failedJobs = new ArrayList<>();
        Map<String, GiveUpReason> reasons = new HashMap<>();
        applyFailures(owner, failures, outcomes, events, failedJobs, reasons);
        applyIdleFailures(owner, idleFailures, outcomes, failedJobs, reasons);
        announceFailedGenerations(failedJobs, reasons, events);
        outbox.appendAllIdentified(events);
        return outcomes;
    }

    private void applyBegins(String owner, List<Transition.Begin> begins, Map<Transition, Transition.Outcome> outcomes) {
        List<Object[]> rows = new ArrayList<>();
        for (Transition.Begin begin : begins) {
            rows.add(new Object[] {begin.index(), begin.provider(), begin.job().generationId(), owner, begin.attemptBefore()});
        }
        int[] matched = jobs.begin(rows);
        List<Object[]> attempts = new ArrayList<>();
        for (int i = 0; i < begins.size(); i++) {
            Transition.Begin begin = begins.get(i);
            boolean applied = matched[i] == 1;
            outcomes.put(begin, applied ? Transition.Outcome.APPLIED : Transition.Outcome.STALE);
            if (applied) {
                attempts.add(new Object[] {begin.job().generationId(), begin.attemptBefore() + 1, begin.provider()});
                if (begin.reordered()) {
                    jobs.reorder(begin.job().generationId(), begin.order());
                }
            }
        }
        jobs.insertAttempts(attempts);
    }

    private void applyAccepts(String owner, List<Transition.Accept> accepts, Map<Transition, Transition.Outcome> outcomes,
            List<OutboxWriter.Identified> events) {
        List<Object[]> rows = new ArrayList<>();
        for (Transition.Accept accept : accepts) {
            rows.add(new Object[] {accept.predictionId(), accept.handle(), accept.job().generationId(), owner, accept.attempt()});
        }
        int[] matched = jobs.accept(rows);
        List<Object[]> attempts = new ArrayList<>();
        List<Transition.Accept> late = new ArrayList<>();
        for (int i = 0; i < accepts.size(); i++) {
            Transition.Accept accept = accepts.get(i);
            attempts.add(new Object[] {accept.predictionId(), accept.handle(), accept.job().generationId(), accept.attempt()});
            if (matched[i] == 1) {
                outcomes.put(accept, Transition.Outcome.APPLIED);
                events.add(started(accept.job(), accept.attempt(), accept.provider(), accept.predictionId()));
            } else {
                late.add(accept);
            }
        }
        // every acceptance is kept on its attempt row (the audit trail), even one that arrived after a cancel
        jobs.acceptAttempts(attempts);
        List<Object[]> keep = new ArrayList<>();
        for (Transition.Accept accept : late) {
            keep.add(new Object[] {accept.predictionId(), accept.handle(), accept.job().generationId(), accept.attempt()});
        }
        int[] kept = jobs.keepPredictionOfCanceled(keep);
        for (int i = 0; i < late.size(); i++) {
            outcomes.put(late.get(i), kept[i] == 1 ? Transition.Outcome.CANCELED : Transition.Outcome.STALE);
        }
    }

    private void applySuccesses(String owner, List<Transition.Succeed> successes, Map<Transition, Transition.Outcome> outcomes,
            List<OutboxWriter.Identified> events) {
        List<Object[]> rows = new ArrayList<>();
        for (Transition.Succeed success : successes) {
            rows.add(new Object[] {success.predictionId(), success.handle(), success.outputFiles().toArray(new String[0]),
                    success.job().generationId(), owner, success.attempt()});
        }
        int[] matched = jobs.succeed(rows);
        List<Object[]> attempts = new ArrayList<>();
        for (int i = 0; i < successes.size(); i++) {
            Transition.Succeed success = successes.get(i);
            boolean applied = matched[i] == 1;
            outcomes.put(success, applied ? Transition.Outcome.APPLIED : Transition.Outcome.STALE);
            if (!applied) {
                LOG.debugf("success of %s attempt %d ignored (canceled, stale or not ours)", success.job().generationId(), success.attempt());
                continue;
            }
            attempts.add(new Object[] {success.predictionId(), success.job().generationId(), success.attempt()});
            if (success.immediate()) {
                events.add(started(success.job(), success.attempt(), success.provider(), success.predictionId()));
            }
            Transition.JobRef job = success.job();
            events.add(event("terminal", job.generationId(), new GenerationSucceeded(job.generationId(), job.accountId(),
                    job.modelIdentifier(), success.provider(), success.predictionId(), success.outputFiles(), success.predictTimeSeconds(),
                    success.startedAt() == null ? now() : success.startedAt(), now())));
        }
        jobs.succeedAttempts(attempts);
    }

    /** Why a generation that fails in this batch fails. */
    private record GiveUpReason(ErrorCode code, String message) {
    }

    private void applyFailures(String owner, List<Transition.Fail> failures, Map<Transition, Transition.Outcome> outcomes,
            List<OutboxWriter.Identified> events, List<Transition.JobRef> failedJobs, Map<String, GiveUpReason> reasons) {
        List<Transition.Fail> failOvers = new ArrayList<>();
        List<Transition.Fail> parks = new ArrayList<>();
        List<Transition.Fail> giveUps = new ArrayList<>();
        for (Transition.Fail failure : failures) {
            if (failure.next() instanceof Transition.FailOver) {
                failOvers.add(failure);
            } else if (failure.next() instanceof Transition.Park) {
                parks.add(failure);
            } else {
                giveUps.add(failure);
            }
        }
        List<Object[]> failOverRows = new ArrayList<>();
        for (Transition.Fail failure : failOvers) {
            Transition.FailOver next = (Transition.FailOver) failure.next();
            failOverRows.add(new Object[] {next.index(), next.provider(), failure.job().generationId(), owner, failure.attempt()});
        }
        List<Object[]> parkRows = new ArrayList<>();
        for (Transition.Fail failure : parks) {
            parkRows.add(new Object[] {failure.job().generationId(), owner, failure.attempt()});
        }
        List<Object[]> giveUpRows = new ArrayList<>();
        for (Transition.Fail failure : giveUps) {
            Transition.GiveUp next = (Transition.GiveUp) failure.next();
            giveUpRows.add(new Object[] {next.code().code(), next.message(), failure.job().generationId(), owner, failure.attempt()});
        }
        int[] failedOver = jobs.failOver(failOverRows);
        int[] parked = jobs.park(parkRows);
        int[] gaveUp = jobs.failFromAttempt(giveUpRows);

        List<Transition.Fail> applied = new ArrayList<>();
        List<Object[]> nextAttempts = new ArrayList<>();
        for (int i = 0; i < failOvers.size(); i++) {
            Transition.Fail failure = failOvers.get(i);
            if (record(outcomes, failure, failedOver[i] == 1)) {
                applied.add(failure);
                Transition.FailOver next = (Transition.FailOver) failure.next();
                nextAttempts.add(new Object[] {failure.job().generationId(), failure.attempt() + 1, next.provider()});
                if (next.reordered()) {
                    jobs.reorder(failure.job().generationId(), next.order());
                }
            }
        }
        for (int i = 0; i < parks.size(); i++) {
            if (record(outcomes, parks.get(i), parked[i] == 1)) {
                applied.add(parks.get(i));
            }
        }
        for (int i = 0; i < giveUps.size(); i++) {
            Transition.Fail failure = giveUps.get(i);
            if (record(outcomes, failure, gaveUp[i] == 1)) {
                applied.add(failure);
                Transition.GiveUp next = (Transition.GiveUp) failure.next();
                failedJobs.add(failure.job());
                reasons.put(failure.job().generationId(), new GiveUpReason(next.code(), next.message()));
            }
        }
        List<Object[]> ended = new ArrayList<>();
        for (Transition.Fail failure : applied) {
            ended.add(new Object[] {failure.abandoned() ? "abandoned" : "failed", failure.predictionId(), failure.failure().code().code(),
                    failure.failure().code().type(), failure.failure().message(), failure.failure().retryable(), failure.job().generationId(),
                    failure.attempt()});
            Transition.JobRef job = failure.job();
            events.add(event("attempt_failed:" + failure.attempt(), job.generationId(), new GenerationAttemptFailed(job.generationId(),
                    job.accountId(), job.modelIdentifier(), failure.provider(), failure.predictionId(), failure.attempt(),
                    failure.failure().code().code(), failure.failure().message(), failure.failure().retryable(), failure.durationMs(), now())));
        }
        jobs.endAttempts(ended);
        jobs.insertAttempts(nextAttempts);
    }

    private void applyIdleFailures(String owner, List<Transition.FailIdle> failures, Map<Transition, Transition.Outcome> outcomes,
            List<Transition.JobRef> failedJobs, Map<String, GiveUpReason> reasons) {
        List<Object[]> rows = new ArrayList<>();
        for (Transition.FailIdle failure : failures) {
            rows.add(new Object[] {failure.code().code(), failure.message(), failure.job().generationId(), owner, failure.attempt()});
        }
        int[] matched = jobs.failIdle(rows);
        for (int i = 0; i < failures.size(); i++) {
            Transition.FailIdle failure = failures.get(i);
            if (record(outcomes, failure, matched[i] == 1)) {
                failedJobs.add(failure.job());
                reasons.put(failure.job().generationId(), new GiveUpReason(failure.code(), failure.message()));
            }
        }
    }

    private void announceFailedGenerations(List<Transition.JobRef> failed, Map<String, GiveUpReason> reasons,
            List<OutboxWriter.Identified> events) {
        if (failed.isEmpty()) {
            return;
        }
        Map<String, List<ProviderError>> errors = jobs.attemptErrors(failed.stream().map(Transition.JobRef::generationId).toList());
        for (Transition.JobRef job : failed) {
            GiveUpReason reason = reasons.get(job.generationId());
            events.add(event("terminal", job.generationId(), new GenerationFailed(job.generationId(), job.accountId(), job.modelIdentifier(),
                    reason.code().code(), reason.message(), errors.getOrDefault(job.generationId(), List.of()), GenerationFailed.BY_ROUTER, now())));
        }
    }

    private static boolean record(Map<Transition, Transition.Outcome> outcomes, Transition transition, boolean applied) {
        outcomes.put(transition, applied ? Transition.Outcome.APPLIED : Transition.Outcome.STALE);
        return applied;
    }

    /** Takes (and clears) up to {@code limit} queued provider cancels whose prediction id is known. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<JobRepository.PendingCancel> takePendingCancels(int limit) {
        return jobs.takePendingCancels(limit);
    }

    /** The live job running this prediction at this provider, if any (provider webhooks). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<String> generationOf(String provider, String predictionId) {
        return jobs.generationOf(provider, predictionId);
    }

    /** The state of a job, if it exists (for tests and internal reads). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<String> state(String generationId) {
        return jobs.state(generationId);
    }

    /** The job row, if it exists (for tests and internal reads). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<Job> find(String generationId) {
        return jobs.find(generationId);
    }

    /** Number of jobs of a generation id (0 or 1; for redelivery tests). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public long count(String generationId) {
        return jobs.count(generationId);
    }

    /** Number of attempts of a generation (for tests). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public long attempts(String generationId) {
        return jobs.attemptCount(generationId);
    }

    private static OutboxWriter.Identified started(Transition.JobRef job, int attempt, String provider, String predictionId) {
        return event("started:" + attempt, job.generationId(), new GenerationStarted(job.generationId(), job.accountId(),
                job.modelIdentifier(), provider, predictionId, attempt, now()));
    }

    private static OutboxWriter.Identified event(String step, String generationId, DomainEvent event) {
        // Derived ids: a step replayed after a crash finds its event already in the outbox and adds nothing.
        return new OutboxWriter.Identified(Ids.derived("router:" + step + ":" + generationId).toString(), event, now());
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
