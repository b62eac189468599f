package ai.babysea.router.job;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.contracts.Ids;
import ai.babysea.contracts.events.DomainEvent;
import ai.babysea.contracts.events.EventEnvelope;
import ai.babysea.contracts.events.GenerationAdmitted;
import ai.babysea.contracts.events.GenerationAttemptFailed;
import ai.babysea.contracts.events.GenerationCancelForwarded;
import ai.babysea.contracts.events.GenerationCanceled;
import ai.babysea.contracts.events.GenerationFailed;
import ai.babysea.contracts.events.GenerationStarted;
import ai.babysea.contracts.events.GenerationSucceeded;
import ai.babysea.contracts.events.ProviderError;
import ai.babysea.platform.jdbc.Sql;
import ai.babysea.platform.outbox.OutboxWriter;
import ai.babysea.platform.tracing.TraceContext;
import ai.babysea.router.provider.ProviderAdapter;
import ai.babysea.router.provider.ProviderFailure;
import ai.babysea.router.provider.ProviderRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The job state machine, one short transaction per transition. Every transition that another service
 * must learn about appends its event to the outbox in the same transaction. Worker transitions are
 * fenced by the lease (`lease_owner`) and the attempt number, so a worker that lost its lease, a late
 * provider result or a duplicate callback changes nothing; terminal states never change.
 */
@ApplicationScoped
public class JobService {
    private static final Logger LOG = Logger.getLogger(JobService.class);
    private static final String LIVE = "state IN ('queued', 'running')";

    private final Sql sql;
    private final OutboxWriter outbox;
    private final ProviderRegistry providers;

    JobService(Sql sql, OutboxWriter outbox, ProviderRegistry providers) {
        this.sql = sql;
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

    /** What a worker should do after recording a failed attempt. */
    public enum AfterFailure {
        /** Try the next provider (the job's provider_index now points at it). */
        NEXT_PROVIDER,
        /** The job is terminal now (or was already, or the lease was lost): stop driving it. */
        STOP
    }

    /** What a worker should do after recording an accepted submission. */
    public enum AfterAccept {
        /** Poll the prediction. */
        POLL,
        /** The job was canceled while the submit was in flight; the provider cancel is queued. */
        CANCELED,
        /** The lease was lost or the attempt is stale. */
        LOST
    }

    /** Persists an admitted generation as a queued job; a second admission of the same generation is a no-op. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean admit(GenerationAdmitted admitted) {
        int inserted = sql.update("INSERT INTO jobs (generation_id, account_id, model_identifier, media_type, parameters, provider_order, "
                        + "provider_order_fastest, cost_micros, state, traceparent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?) "
                        + "ON CONFLICT DO NOTHING",
                admitted.generationId(), admitted.accountId(), admitted.modelIdentifier(), admitted.mediaType(),
                Job.json(admitted.parameters()), admitted.providerOrder().toArray(new String[0]), admitted.providerOrderFastest(),
                admitted.costMicros(), TraceContext.currentTraceparent());
        if (inserted == 0) {
            return false;
        }
        if (sql.update("DELETE FROM early_cancels WHERE generation_id = ?", admitted.generationId()) == 1) {
            sql.update("UPDATE jobs SET state = 'canceled', completed_at = now(), updated_at = now() WHERE generation_id = ?",
                    admitted.generationId());
            emit("canceled", admitted.generationId(), new GenerationCanceled(admitted.generationId(), admitted.accountId(),
                    admitted.modelIdentifier(), null, false, true, now()));
        }
        return true;
    }

    /** Cancels a job: locally before it started, with a queued provider cancel while it runs; ignored when terminal. */
    @Transactional(Transactional.TxType.MANDATORY)
    public CancelOutcome cancel(GenerationCancelForwarded cancel) {
        Optional<Job> found = sql.queryOne("SELECT " + Job.COLUMNS + " FROM jobs WHERE generation_id = ? FOR UPDATE", Job::read,
                cancel.generationId());
        if (found.isEmpty()) {
            sql.update("INSERT INTO early_cancels (generation_id, account_id, requested_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    cancel.generationId(), cancel.accountId(), cancel.requestedAt() == null ? now() : cancel.requestedAt());
            return CancelOutcome.REMEMBERED;
        }
        Job job = found.get();
        if (!job.state().equals("queued") && !job.state().equals("running")) {
            LOG.infof("cancel of %s ignored: already %s", job.generationId(), job.state());
            return CancelOutcome.ALREADY_TERMINAL;
        }
        boolean inFlight = !job.attemptPhase().equals("none");
        boolean providerCancel = inFlight && providers.resolve(job.provider()).map(ProviderAdapter::supportsCancel).orElse(false);
        sql.update("UPDATE jobs SET state = 'canceled', cancel_pending = ?, completed_at = now(), lease_owner = NULL, updated_at = now() "
                + "WHERE generation_id = ?", providerCancel, job.generationId());
        if (inFlight) {
            sql.update("UPDATE attempts SET outcome = 'canceled', finished_at = now() WHERE generation_id = ? AND attempt = ?",
                    job.generationId(), job.attempt());
        }
        emit("canceled", job.generationId(), new GenerationCanceled(job.generationId(), job.accountId(), job.modelIdentifier(),
                job.predictionId(), providerCancel, true, now()));
        return inFlight ? CancelOutcome.CANCELED_WHILE_RUNNING : CancelOutcome.CANCELED_BEFORE_START;
    }

    /** Leases up to `limit` live jobs nobody holds (new, or whose holder's lease expired), oldest first. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Job> claim(String owner, int limit, Duration lease) {
        return sql.query("UPDATE jobs j SET lease_owner = ?, lease_expires_at = now() + (? * interval '1 millisecond'), updated_at = now() "
                        + "FROM (SELECT generation_id FROM jobs WHERE " + LIVE + " AND (lease_owner IS NULL OR lease_expires_at < now()) "
                        + "ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED) claimable "
                        + "WHERE j.generation_id = claimable.generation_id RETURNING j.*",
                Job::read, owner, lease.toMillis(), limit);
    }

    /** Extends the lease of every live job this owner holds; returns how many. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int renewLeases(String owner, Duration lease) {
        return sql.update("UPDATE jobs SET lease_expires_at = now() + (? * interval '1 millisecond') WHERE lease_owner = ? AND " + LIVE,
                lease.toMillis(), owner);
    }

    /** Gives a job back (another worker may claim it at once). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void release(String owner, String generationId) {
        sql.update("UPDATE jobs SET lease_owner = NULL, lease_expires_at = NULL WHERE generation_id = ? AND lease_owner = ?",
                generationId, owner);
    }

    /** Gives back every job of this owner (graceful shutdown). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int releaseAll(String owner) {
        return sql.update("UPDATE jobs SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = ?", owner);
    }

    /**
     * Records that an attempt at the provider at `providerIndex` is about to be submitted. Persisted before the
     * submit so that an instance taking the job over knows a submission may exist and never blindly repeats it.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<Integer> beginAttempt(String owner, String generationId, int providerIndex, String provider) {
        Optional<Long> attempt = sql.queryLong("UPDATE jobs SET attempt = attempt + 1, provider_index = ?, provider = ?, prediction_id = NULL, provider_handle = NULL, "
                        + "attempt_phase = 'submitting', attempt_started_at = now(), updated_at = now() "
                        + "WHERE generation_id = ? AND lease_owner = ? AND " + LIVE + " AND attempt_phase = 'none' RETURNING attempt",
                providerIndex, provider, generationId, owner);
        attempt.ifPresent(n -> sql.update("INSERT INTO attempts (generation_id, attempt, provider, outcome) VALUES (?, ?, ?, 'submitting')",
                generationId, n.intValue(), provider));
        return attempt.map(Long::intValue);
    }

    /** Records the provider's acceptance (prediction id) and announces `generation.started`. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public AfterAccept recordAccepted(String owner, String generationId, int attempt, String predictionId, String handle) {
        Optional<Job> updated = sql.queryOne("UPDATE jobs SET attempt_phase = 'running', prediction_id = ?, provider_handle = ?, state = 'running', "
                        + "started_at = coalesce(started_at, now()), updated_at = now() WHERE generation_id = ? AND lease_owner = ? "
                        + "AND attempt = ? AND attempt_phase = 'submitting' AND " + LIVE + " RETURNING " + Job.COLUMNS,
                Job::read, predictionId, handle, generationId, owner, attempt);
        if (updated.isPresent()) {
            Job job = updated.get();
            sql.update("UPDATE attempts SET outcome = 'running', prediction_id = ?, provider_handle = ?, accepted_at = now() "
                    + "WHERE generation_id = ? AND attempt = ?", predictionId, handle, generationId, attempt);
            emit("started:" + attempt, generationId, new GenerationStarted(generationId, job.accountId(), job.modelIdentifier(),
                    job.provider(), predictionId, attempt, now()));
            return AfterAccept.POLL;
        }
        // Canceled while the submit was in flight: keep the prediction id so the queued provider cancel can reach it.
        int canceled = sql.update("UPDATE jobs SET prediction_id = ?, provider_handle = ?, updated_at = now() WHERE generation_id = ? "
                + "AND attempt = ? AND state = 'canceled' AND prediction_id IS NULL", predictionId, handle, generationId, attempt);
        sql.update("UPDATE attempts SET prediction_id = ?, provider_handle = ?, accepted_at = now() WHERE generation_id = ? AND attempt = ?",
                predictionId, handle, generationId, attempt);
        return canceled == 1 ? AfterAccept.CANCELED : AfterAccept.LOST;
    }

    /**
     * Records a failed (or abandoned) attempt, announces it, and either points the job at the next provider
     * (`nextIndex` >= 0 and the failure is retryable) or fails the generation.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public AfterFailure recordFailure(String owner, String generationId, int attempt, ProviderFailure failure, int nextIndex,
            boolean abandoned) {
        Optional<Job> found = sql.queryOne("SELECT " + Job.COLUMNS + " FROM jobs WHERE generation_id = ? AND lease_owner = ? AND attempt = ? "
                + "AND attempt_phase <> 'none' AND " + LIVE + " FOR UPDATE", Job::read, generationId, owner, attempt);
        if (found.isEmpty()) {
            LOG.debugf("failure of %s attempt %d ignored (terminal, stale or not ours): %s", generationId, attempt, failure.message());
            return AfterFailure.STOP;
        }
        Job job = found.get();
        sql.update("UPDATE attempts SET outcome = ?, error_code = ?, error_type = ?, error_message = ?, retryable = ?, finished_at = now() "
                        + "WHERE generation_id = ? AND attempt = ?", abandoned ? "abandoned" : "failed", failure.code().code(),
                failure.code().type(), failure.message(), failure.retryable(), generationId, attempt);
        long durationMs = job.attemptStartedAt() == null ? 0 : Duration.between(job.attemptStartedAt(), Instant.now()).toMillis();
        emit("attempt_failed:" + attempt, generationId, new GenerationAttemptFailed(generationId, job.accountId(), job.modelIdentifier(),
                job.provider(), job.predictionId(), attempt, failure.code().code(), failure.message(), failure.retryable(),
                durationMs, now()));
        if (failure.retryable() && nextIndex >= 0) {
            sql.update("UPDATE jobs SET attempt_phase = 'none', provider_index = ?, prediction_id = NULL, provider_handle = NULL, updated_at = now() "
                    + "WHERE generation_id = ?", nextIndex, generationId);
            return AfterFailure.NEXT_PROVIDER;
        }
        ErrorCode code = failure.retryable() ? ErrorCode.ALL_PROVIDERS_FAILED : failure.code();
        String message = failure.retryable() ? ErrorCode.ALL_PROVIDERS_FAILED.defaultMessage() : failure.message();
        fail(job, code, message);
        return AfterFailure.STOP;
    }

    /** Fails a job that no provider accepted within the start deadline (BSE4007). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void failNotStarted(String owner, String generationId, Duration deadline) {
        sql.queryOne("SELECT " + Job.COLUMNS + " FROM jobs WHERE generation_id = ? AND lease_owner = ? AND attempt_phase = 'none' AND "
                + LIVE + " FOR UPDATE", Job::read, generationId, owner).ifPresent(job -> fail(job, ErrorCode.NO_PROVIDER_AVAILABLE,
                "no provider accepted the generation within " + deadline.toSeconds() + " s"));
    }

    /** Fails a job whose chain has no (further) usable provider: BSE4003 after failed attempts, BSE4007 when none ran. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void failExhausted(String owner, String generationId) {
        Optional<Job> found = sql.queryOne("SELECT " + Job.COLUMNS + " FROM jobs WHERE generation_id = ? AND lease_owner = ? "
                + "AND attempt_phase = 'none' AND " + LIVE + " FOR UPDATE", Job::read, generationId, owner);
        if (found.isEmpty()) {
            return;
        }
        boolean anyAttempt = sql.queryLong("SELECT count(*) FROM attempts WHERE generation_id = ?", generationId).orElse(0L) > 0;
        ErrorCode code = anyAttempt ? ErrorCode.ALL_PROVIDERS_FAILED : ErrorCode.NO_PROVIDER_AVAILABLE;
        fail(found.get(), code, code.defaultMessage());
    }

    private void fail(Job job, ErrorCode code, String message) {
        sql.update("UPDATE jobs SET state = 'failed', attempt_phase = 'none', error_code = ?, error_message = ?, completed_at = now(), "
                + "lease_owner = NULL, updated_at = now() WHERE generation_id = ?", code.code(), message, job.generationId());
        List<ProviderError> errors = sql.query("SELECT provider, error_code, error_type, error_message, retryable FROM attempts "
                        + "WHERE generation_id = ? AND outcome IN ('failed', 'abandoned') ORDER BY attempt",
                rs -> new ProviderError(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5)),
                job.generationId());
        emit("terminal", job.generationId(), new GenerationFailed(job.generationId(), job.accountId(), job.modelIdentifier(),
                code.code(), message, errors, GenerationFailed.BY_ROUTER, now()));
    }

    /** Marks the job succeeded with its re-hosted output URLs; false when it is no longer ours to finish (canceled, stale). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean recordSuccess(String owner, String generationId, int attempt, List<String> outputFiles, Double predictTimeSeconds) {
        Optional<Job> updated = sql.queryOne("UPDATE jobs SET state = 'succeeded', attempt_phase = 'none', output_files = ?, "
                        + "completed_at = now(), lease_owner = NULL, updated_at = now() WHERE generation_id = ? AND lease_owner = ? "
                        + "AND attempt = ? AND state = 'running' AND attempt_phase = 'running' RETURNING " + Job.COLUMNS,
                Job::read, outputFiles.toArray(new String[0]), generationId, owner, attempt);
        if (updated.isEmpty()) {
            LOG.debugf("success of %s attempt %d ignored (canceled, stale or not ours)", generationId, attempt);
            return false;
        }
        Job job = updated.get();
        sql.update("UPDATE attempts SET outcome = 'succeeded', finished_at = now() WHERE generation_id = ? AND attempt = ?",
                generationId, attempt);
        emit("terminal", generationId, new GenerationSucceeded(generationId, job.accountId(), job.modelIdentifier(), job.provider(),
                job.predictionId(), outputFiles, predictTimeSeconds, job.startedAt(), now()));
        return true;
    }

    /** A provider cancel still to be sent. */
    public record PendingCancel(String generationId, String modelIdentifier, String mediaType, String provider, String predictionId,
            String handle, int attempt) {
    }

    /** Takes (and clears) up to `limit` queued provider cancels whose prediction id is known. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<PendingCancel> takePendingCancels(int limit) {
        return sql.query("UPDATE jobs j SET cancel_pending = false FROM (SELECT generation_id FROM jobs WHERE cancel_pending "
                        + "AND prediction_id IS NOT NULL LIMIT ? FOR UPDATE SKIP LOCKED) pending WHERE j.generation_id = pending.generation_id "
                        + "RETURNING j.generation_id, j.model_identifier, j.media_type, j.provider, j.prediction_id, j.provider_handle, j.attempt",
                rs -> new PendingCancel(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getInt(7)),
                limit);
    }

    /** Persists the order `fastest` chose, before the first attempt (so failover and takeover follow the same order). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean reorder(String owner, String generationId, List<String> order) {
        return sql.update("UPDATE jobs SET provider_order = ?, updated_at = now() WHERE generation_id = ? AND lease_owner = ? "
                + "AND attempt = 0 AND " + LIVE, order.toArray(new String[0]), generationId, owner) == 1;
    }

    /** The live job running this prediction at this provider, if any (provider webhooks). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<String> generationOf(String provider, String predictionId) {
        return sql.queryOne("SELECT generation_id FROM jobs WHERE provider = ? AND prediction_id = ? AND " + LIVE,
                rs -> rs.getString(1), provider, predictionId);
    }

    /** The state of a job, if it exists (for tests and internal reads). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<String> state(String generationId) {
        return sql.queryOne("SELECT state FROM jobs WHERE generation_id = ?", rs -> rs.getString(1), generationId);
    }

    /** Number of jobs of a generation id (0 or 1; for redelivery tests). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public long count(String generationId) {
        return sql.queryLong("SELECT count(*) FROM jobs WHERE generation_id = ?", generationId).orElse(0L);
    }

    private void emit(String step, String generationId, DomainEvent event) {
        // Derived ids: if a transition were ever replayed, the outbox would drop the duplicate event.
        String eventId = Ids.derived("router:" + step + ":" + generationId).toString();
        outbox.append(EventEnvelope.wrap(eventId, event, now()));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
