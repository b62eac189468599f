package ai.babysea.router.job;

import ai.babysea.contracts.events.ProviderError;
import ai.babysea.platform.jdbc.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every statement on the router's tables ({@code jobs}, {@code attempts}, {@code early_cancels}); runs inside the
 * caller's transaction. Worker writes are fenced by the lease owner, the attempt number and the attempt phase, so a
 * worker that lost its lease, a late provider result or a duplicate callback matches no row and changes nothing.
 * Batch methods take one parameter row per job and answer per job whether its row matched.
 */
@ApplicationScoped
public class JobRepository {
    static final String LIVE = "state IN ('queued', 'running')";

    private final Sql sql;

    JobRepository(Sql sql) {
        this.sql = sql;
    }

    /** A job to insert for an admitted generation; {@code leaseOwner} non-null leases it to that worker at once. */
    record NewJob(String generationId, String accountId, String modelIdentifier, String mediaType, String parametersJson,
            List<String> providerOrder, boolean providerOrderFastest, long costMicros, String traceparent, String leaseOwner) {
    }

    /** Inserts the jobs that do not exist yet, in one statement; returns the ids inserted (a redelivered admission inserts nothing). */
    Set<String> insert(List<NewJob> jobs, Duration lease) {
        if (jobs.isEmpty()) {
            return Set.of();
        }
        int n = jobs.size();
        String[] ids = new String[n], accounts = new String[n], models = new String[n], media = new String[n], parameters = new String[n],
                orders = new String[n], traceparents = new String[n], owners = new String[n];
        Boolean[] fastest = new Boolean[n];
        Long[] costs = new Long[n];
        for (int i = 0; i < n; i++) {
            NewJob job = jobs.get(i);
            ids[i] = job.generationId();
            accounts[i] = job.accountId();
            models[i] = job.modelIdentifier();
            media[i] = job.mediaType();
            parameters[i] = job.parametersJson();
            // provider ids never contain a comma; a text[][] parameter would have to be rectangular
            orders[i] = String.join(",", job.providerOrder());
            traceparents[i] = job.traceparent();
            owners[i] = job.leaseOwner();
            fastest[i] = job.providerOrderFastest();
            costs[i] = job.costMicros();
        }
        return new HashSet<>(sql.query("INSERT INTO jobs (generation_id, account_id, model_identifier, media_type, parameters, provider_order, "
                        + "provider_order_fastest, cost_micros, state, traceparent, lease_owner, lease_expires_at) "
                        + "SELECT id, account, model, media, params, string_to_array(ord, ','), fastest, cost, 'queued', traceparent, owner, "
                        + "CASE WHEN owner IS NOT NULL THEN now() + (? * interval '1 millisecond') END "
                        + "FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::bigint[], ?::text[], "
                        + "?::text[]) AS v(id, account, model, media, params, ord, fastest, cost, traceparent, owner) "
                        + "ON CONFLICT DO NOTHING RETURNING generation_id", rs -> rs.getString(1),
                lease.toMillis(), ids, accounts, models, media, parameters, orders, fastest, costs, traceparents, owners));
    }

    /** Removes the remembered early cancels of these generations; returns the ids that had one. */
    Set<String> takeEarlyCancels(Collection<String> generationIds) {
        if (generationIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(sql.query("DELETE FROM early_cancels WHERE generation_id = ANY (?) RETURNING generation_id",
                rs -> rs.getString(1), (Object) generationIds.toArray(new String[0])));
    }

    /** Remembers a cancel that arrived before its admission. */
    void rememberEarlyCancel(String generationId, String accountId, Instant requestedAt) {
        sql.update("INSERT INTO early_cancels (generation_id, account_id, requested_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                generationId, accountId, requestedAt);
    }

    /** Cancels a live job: terminal, lease dropped, provider cancel queued when asked. */
    void markCanceled(String generationId, boolean providerCancel) {
        sql.update("UPDATE jobs SET state = 'canceled', cancel_pending = ?, completed_at = now(), lease_owner = NULL, updated_at = now() "
                + "WHERE generation_id = ?", providerCancel, generationId);
    }

    /** Marks the attempt of a job canceled. */
    void markAttemptCanceled(String generationId, int attempt) {
        sql.update("UPDATE attempts SET outcome = 'canceled', finished_at = now() WHERE generation_id = ? AND attempt = ?",
                generationId, attempt);
    }

    /** The job, locked for the rest of the transaction. */
    Optional<Job> lock(String generationId) {
        return sql.queryOne("SELECT " + Job.COLUMNS + " FROM jobs WHERE generation_id = ? FOR UPDATE", Job::read, generationId);
    }

    /** Leases up to {@code limit} live jobs nobody holds (new, or whose holder's lease expired), oldest first. */
    List<Job> claim(String owner, int limit, Duration lease) {
        return sql.query("UPDATE jobs j SET lease_owner = ?, lease_expires_at = now() + (? * interval '1 millisecond'), updated_at = now() "
                        + "FROM (SELECT generation_id FROM jobs WHERE " + LIVE + " AND (lease_owner IS NULL OR lease_expires_at < now()) "
                        + "ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED) claimable "
                        + "WHERE j.generation_id = claimable.generation_id RETURNING j.*",
                Job::read, owner, lease.toMillis(), limit);
    }

    /**
     * Extends the leases of exactly these jobs of this owner (the ones it drives in memory); returns how many. Rows a
     * transition is writing right now are skipped, not waited for (the next renewal, well inside the lease, takes
     * them): waiting on them while holding the locks of the others deadlocked with the batched transitions.
     */
    int renew(String owner, Collection<String> generationIds, Duration lease) {
        if (generationIds.isEmpty()) {
            return 0;
        }
        return sql.update("UPDATE jobs SET lease_expires_at = now() + (? * interval '1 millisecond') WHERE generation_id IN "
                + "(SELECT generation_id FROM jobs WHERE lease_owner = ? AND generation_id = ANY (?) AND " + LIVE
                + " ORDER BY generation_id FOR UPDATE SKIP LOCKED)", lease.toMillis(), owner, generationIds.toArray(new String[0]));
    }

    /** Gives jobs back (another worker may claim them at once). */
    int release(String owner, Collection<String> generationIds) {
        if (generationIds.isEmpty()) {
            return 0;
        }
        return sql.update("UPDATE jobs SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = ? AND generation_id = ANY (?)",
                owner, generationIds.toArray(new String[0]));
    }

    /** Gives back every job of this owner (graceful shutdown). */
    int releaseAll(String owner) {
        return sql.update("UPDATE jobs SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = ?", owner);
    }

    /** Starts attempts on idle jobs: rows are {provider index, provider, generation id, owner, attempt before}. */
    int[] begin(List<Object[]> rows) {
        return sql.batch("UPDATE jobs SET attempt = attempt + 1, provider_index = ?, provider = ?, prediction_id = NULL, provider_handle = NULL, "
                + "attempt_phase = 'submitting', attempt_started_at = now(), updated_at = now() "
                + "WHERE generation_id = ? AND lease_owner = ? AND attempt = ? AND attempt_phase = 'none' AND " + LIVE, rows);
    }

    /** Starts the next attempt right after a failed one: rows are {provider index, provider, generation id, owner, failed attempt}. */
    int[] failOver(List<Object[]> rows) {
        return sql.batch("UPDATE jobs SET attempt = attempt + 1, provider_index = ?, provider = ?, prediction_id = NULL, provider_handle = NULL, "
                + "attempt_phase = 'submitting', attempt_started_at = now(), updated_at = now() "
                + "WHERE generation_id = ? AND lease_owner = ? AND attempt = ? AND attempt_phase <> 'none' AND " + LIVE, rows);
    }

    /** Ends a failed attempt with nothing in flight (the next one starts later): rows are {generation id, owner, attempt}. */
    int[] park(List<Object[]> rows) {
        return sql.batch("UPDATE jobs SET attempt_phase = 'none', prediction_id = NULL, provider_handle = NULL, updated_at = now() "
                + "WHERE generation_id = ? AND lease_owner = ? AND attempt = ? AND attempt_phase <> 'none' AND " + LIVE, rows);
    }

    /** Persists a reordered provider order (fastest, or providers that are not admitted moved last). */
    void reorder(String generationId, List<String> order) {
        sql.update("UPDATE jobs SET provider_order = ? WHERE generation_id = ?", order.toArray(new String[0]), generationId);
    }

    /** Inserts attempt rows: {generation id, attempt, provider}. */
    void insertAttempts(List<Object[]> rows) {
        sql.batch("INSERT INTO attempts (generation_id, attempt, provider, outcome) VALUES (?, ?, ?, 'submitting') ON CONFLICT DO NOTHING", rows);
    }

    /** Records acceptance: rows are {prediction id, handle, generation id, owner, attempt}. */
    int[] accept(List<Object[]> rows) {
        return sql.batch("UPDATE jobs SET attempt_phase = 'running', prediction_id = ?, provider_handle = ?, state = 'running', "
                + "started_at = coalesce(started_at, now()), updated_at = now() WHERE generation_id = ? AND lease_owner = ? "
                + "AND attempt = ? AND attempt_phase = 'submitting' AND " + LIVE, rows);
    }

    /** Records acceptance on attempt rows: {prediction id, handle, generation id, attempt}. */
    void acceptAttempts(List<Object[]> rows) {
        sql.batch("UPDATE attempts SET outcome = 'running', prediction_id = ?, provider_handle = ?, accepted_at = coalesce(accepted_at, now()) "
                + "WHERE generation_id = ? AND attempt = ?", rows);
    }

    /**
     * For a job canceled while its submit was in flight: keeps the prediction id so the queued provider cancel reaches
     * it. Rows are {prediction id, handle, generation id, attempt}; a matched row means the provider cancel is queued.
     */
    int[] keepPredictionOfCanceled(List<Object[]> rows) {
        return sql.batch("UPDATE jobs SET prediction_id = ?, provider_handle = ?, updated_at = now() WHERE generation_id = ? "
                + "AND attempt = ? AND state = 'canceled' AND prediction_id IS NULL", rows);
    }

    /** Succeeds jobs: rows are {prediction id (null: keep), handle, output files, generation id, owner, attempt}. */
    int[] succeed(List<Object[]> rows) {
        return sql.batch("UPDATE jobs SET state = 'succeeded', attempt_phase = 'none', prediction_id = coalesce(?, prediction_id), "
                + "provider_handle = coalesce(?, provider_handle), output_files = ?, started_at = coalesce(started_at, now()), "
                + "completed_at = now(), lease_owner = NULL, updated_at = now() WHERE generation_id = ? AND lease_owner = ? "
                + "AND attempt = ? AND attempt_phase <> 'none' AND " + LIVE, rows);
    }

    /** Succeeds attempt rows: {prediction id (null: keep), generation id, attempt}. */
    void succeedAttempts(List<Object[]> rows) {
        sql.batch("UPDATE attempts SET outcome = 'succeeded', prediction_id = coalesce(?, prediction_id), "
                + "accepted_at = coalesce(accepted_at, now()), finished_at = now() WHERE generation_id = ? AND attempt = ?", rows);
    }

    /** Fails jobs terminally from an attempt in flight: rows are {error code, message, generation id, owner, attempt}. */
    int[] failFromAttempt(List<Object[]> rows) {
        return sql.batch("UPDATE jobs SET state = 'failed', attempt_phase = 'none', error_code = ?, error_message = ?, completed_at = now(), "
                + "lease_owner = NULL, updated_at = now() WHERE generation_id = ? AND lease_owner = ? AND attempt = ? "
                + "AND attempt_phase <> 'none' AND " + LIVE, rows);
    }

    /** Fails jobs terminally with nothing in flight: rows are {error code, message, generation id, owner, attempt}. */
    int[] failIdle(List<Object[]> rows) {
        return sql.batch("UPDATE jobs SET state = 'failed', error_code = ?, error_message = ?, completed_at = now(), "
                + "lease_owner = NULL, updated_at = now() WHERE generation_id = ? AND lease_owner = ? AND attempt = ? "
                + "AND attempt_phase = 'none' AND " + LIVE, rows);
    }

    /**
     * Ends attempt rows as failed or abandoned: {outcome, prediction id (null: keep), error code, error type, message,
     * retryable, generation id, attempt}.
     */
    void endAttempts(List<Object[]> rows) {
        sql.batch("UPDATE attempts SET outcome = ?, prediction_id = coalesce(?, prediction_id), error_code = ?, error_type = ?, "
                + "error_message = ?, retryable = ?, finished_at = now() WHERE generation_id = ? AND attempt = ?", rows);
    }

    /** The failed and abandoned attempts of these generations, in attempt order (the errors a GenerationFailed reports). */
    Map<String, List<ProviderError>> attemptErrors(Collection<String> generationIds) {
        Map<String, List<ProviderError>> errors = new LinkedHashMap<>();
        if (generationIds.isEmpty()) {
            return errors;
        }
        sql.query("SELECT generation_id, provider, error_code, error_type, error_message, retryable FROM attempts "
                        + "WHERE generation_id = ANY (?) AND outcome IN ('failed', 'abandoned') ORDER BY generation_id, attempt",
                rs -> errors.computeIfAbsent(rs.getString(1), id -> new ArrayList<>())
                        .add(new ProviderError(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getBoolean(6))),
                (Object) generationIds.toArray(new String[0]));
        return errors;
    }

    /** A provider cancel still to be sent. */
    record PendingCancel(String generationId, String modelIdentifier, String mediaType, String provider, String predictionId,
            String handle, int attempt) {
    }

    /** Takes (and clears) up to {@code limit} queued provider cancels whose prediction id is known. */
    List<PendingCancel> takePendingCancels(int limit) {
        return sql.query("UPDATE jobs j SET cancel_pending = false FROM (SELECT generation_id FROM jobs WHERE cancel_pending "
                        + "AND prediction_id IS NOT NULL LIMIT ? FOR UPDATE SKIP LOCKED) pending WHERE j.generation_id = pending.generation_id "
                        + "RETURNING j.generation_id, j.model_identifier, j.media_type, j.provider, j.prediction_id, j.provider_handle, j.attempt",
                rs -> new PendingCancel(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getInt(7)),
                limit);
    }

    /** The live job running this prediction at this provider, if any (provider webhooks). */
    Optional<String> generationOf(String provider, String predictionId) {
        return sql.queryOne("SELECT generation_id FROM jobs WHERE provider = ? AND prediction_id = ? AND " + LIVE,
                rs -> rs.getString(1), provider, predictionId);
    }

    /** The state of a job, if it exists. */
    Optional<String> state(String generationId) {
        return sql.queryOne("SELECT state FROM jobs WHERE generation_id = ?", rs -> rs.getString(1), generationId);
    }

    /** The job row, if it exists. */
    Optional<Job> find(String generationId) {
        return sql.queryOne("SELECT " + Job.COLUMNS + " FROM jobs WHERE generation_id = ?", Job::read, generationId);
    }

    /** Number of jobs of a generation id (0 or 1). */
    long count(String generationId) {
        return sql.queryLong("SELECT count(*) FROM jobs WHERE generation_id = ?", generationId).orElse(0L);
    }

    /** Number of attempt rows of a generation. */
    long attemptCount(String generationId) {
        return sql.queryLong("SELECT count(*) FROM attempts WHERE generation_id = ?", generationId).orElse(0L);
    }
}
