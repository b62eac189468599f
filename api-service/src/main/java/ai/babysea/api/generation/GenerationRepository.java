package ai.babysea.api.generation;

import ai.babysea.contracts.Json;
import ai.babysea.platform.jdbc.Sql;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** SQL of the generations read model. Every status change is a conditional UPDATE that never leaves a terminal status. */
@ApplicationScoped
public class GenerationRepository {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(GenerationRepository.class);
    static final String NOT_TERMINAL = "status IN ('pending', 'processing')";

    private final Sql sql;

    GenerationRepository(Sql sql) {
        this.sql = sql;
    }

    private static final String COLUMNS = "generation_id, account_id, model_identifier, media_type, status, provider_order, "
            + "provider_order_fastest, prompt, ratio, output_format, output_number, input_files, duration_seconds, resolution, "
            + "generate_audio, extras, cost_micros, created_at";
    /** The values of {@link #COLUMNS} with their types spelled out. */
    private static final String TYPED_VALUES = "?::uuid, ?::uuid, ?::text, ?::text, ?::text, ?::text[], ?::boolean, ?::text, ?::text, "
            + "?::text, ?::int, ?::text[], ?::int, ?::text, ?::boolean, ?::text, ?::bigint, ?::timestamptz";

    /** Inserts a new record (a submit's transaction, with its event and in-flight slot). */
    void insert(Generation g) {
        sql.update("INSERT INTO generations (" + COLUMNS + ") VALUES (" + TYPED_VALUES + ")", columns(g));
    }

    private static Object[] columns(Generation g) {
        return new Object[] {g.generationId(), g.accountId(), g.modelIdentifier(), g.mediaType(), g.status(),
                g.providerOrder().toArray(String[]::new), g.providerOrderFastest(), g.prompt(), g.ratio(), g.outputFormat(), g.outputNumber(),
                g.inputFiles() == null || g.inputFiles().isEmpty() ? null : g.inputFiles().toArray(String[]::new), g.durationSeconds(),
                g.resolution(), g.generateAudio(), toJson(g.extras()), g.costMicros(), g.createdAt()};
    }

    /** The generation if it belongs to the account (another account's id is indistinguishable from an unknown one). */
    Optional<Generation> find(UUID accountId, UUID generationId) {
        return sql.queryOne("SELECT * FROM generations WHERE generation_id = ? AND account_id = ?", GenerationRepository::row,
                generationId, accountId);
    }

    Optional<Generation> find(UUID generationId) {
        return sql.queryOne("SELECT * FROM generations WHERE generation_id = ?", GenerationRepository::row, generationId);
    }

    /** A page of the account's generations that pass the filter, newest first (each filter column has its index). */
    List<Generation> page(UUID accountId, GenerationFilter filter, int limit, int offset) {
        List<Object> params = new ArrayList<>(List.of(accountId));
        String where = where(filter, params);
        params.add(limit);
        params.add(offset);
        return sql.query("SELECT * FROM generations WHERE " + where + " ORDER BY created_at DESC, generation_id DESC LIMIT ? OFFSET ?",
                GenerationRepository::row, params.toArray());
    }

    /** How many of the account's generations pass the filter. */
    long count(UUID accountId, GenerationFilter filter) {
        List<Object> params = new ArrayList<>(List.of(accountId));
        return sql.queryLong("SELECT count(*) FROM generations WHERE " + where(filter, params), params.toArray()).orElse(0L);
    }

    /**
     * The WHERE clause with only the conditions the filter sets (a plan per combination, rather than `? IS NULL OR` that a
     * generic plan cannot use an index for); the values are bound parameters appended to {@code params}.
     */
    private static String where(GenerationFilter filter, List<Object> params) {
        StringBuilder where = new StringBuilder("account_id = ?");
        if (filter.status() != null) {
            where.append(" AND status = ?");
            params.add(filter.status());
        }
        if (filter.model() != null) {
            where.append(" AND model_identifier = ?");
            params.add(filter.model());
        }
        return where.toString();
    }

    /**
     * Takes one of the account's in-flight slots if it has fewer than {@code cap} in flight; false at the cap. The count is
     * one row per account (shard 0), created by the account's first submit. The row stays locked until the caller's
     * transaction ends, so an account's submits take their slots one after another: exact at any concurrency and across
     * replicas, and after a plan downgrade nothing is admitted until the account is below its new cap. Rows of other shards
     * are what the sharded counter of the previous release (V13) left behind: they still count until releases drain them.
     */
    boolean claimInFlight(UUID accountId, long cap) {
        return cap > 0 && sql.queryLong("INSERT INTO account_in_flight AS f (account_id, shard, generations) VALUES (?, 0, 1) "
                + "ON CONFLICT (account_id, shard) DO UPDATE SET generations = f.generations + 1 WHERE f.generations + (SELECT "
                + "coalesce(sum(o.generations), 0) FROM account_in_flight o WHERE o.account_id = f.account_id AND o.shard > 0) < ? "
                + "RETURNING f.generations", accountId, cap).isPresent();
    }

    /**
     * Gives back the slots of {@code count} generations of the account that became terminal. Rows left on other shards by the
     * previous release are drained first (highest shard first), so the count ends up in shard 0 alone; only the sum counts.
     */
    void releaseInFlight(UUID accountId, int count) {
        long left = count;
        while (left > 0) {
            long wanted = left;
            long taken = sql.queryLong("WITH s AS (SELECT shard, generations FROM account_in_flight WHERE account_id = ? AND generations > 0 "
                    + "ORDER BY shard DESC LIMIT 1 FOR UPDATE) UPDATE account_in_flight a SET generations = a.generations - "
                    + "least(s.generations, ?) FROM s WHERE a.account_id = ? AND a.shard = s.shard RETURNING least(s.generations, ?)",
                    accountId, wanted, accountId, wanted).orElse(0L);
            if (taken == 0) {
                // cannot happen while every release matches an earlier claim; logged so a drift would be seen
                LOG.warnf("in-flight counter of account %s is already zero; %d release(s) ignored", accountId, left);
                return;
            }
            left -= taken;
        }
    }

    int delete(UUID accountId, UUID generationId) {
        return sql.update("DELETE FROM generations WHERE generation_id = ? AND account_id = ?", generationId, accountId);
    }

    /** The generation of the account, its row locked until the transaction ends (a cancel request against concurrent events). */
    Optional<Generation> lock(UUID accountId, UUID generationId) {
        return sql.queryOne("SELECT * FROM generations WHERE generation_id = ? AND account_id = ? FOR UPDATE", GenerationRepository::row,
                generationId, accountId);
    }

    /** `processing` on a provider; the first start time is kept and provider submissions only grow. No-op once terminal. */
    void markStarted(UUID generationId, String predictionId, String provider, Instant startedAt, int attempt) {
        sql.update("UPDATE generations SET status = 'processing', prediction_id = ?, provider_current = ?, "
                        + "started_at = coalesce(started_at, ?), provider_submissions = greatest(provider_submissions, ?) "
                        + "WHERE generation_id = ? AND " + NOT_TERMINAL,
                predictionId, provider, startedAt, attempt, generationId);
    }

    /** Counts a provider submission (a failed attempt). No-op once terminal. */
    void recordSubmission(UUID generationId, int attempt) {
        sql.update("UPDATE generations SET provider_submissions = greatest(provider_submissions, ?) WHERE generation_id = ? AND "
                + NOT_TERMINAL, attempt, generationId);
    }

    /** A terminal transition that took place: the generation's account and its creation and completion times. */
    record Ended(UUID accountId, Instant createdAt, Instant completedAt) {
    }

    /** `succeeded` with its outputs; empty when the generation already was terminal. */
    Optional<Ended> markSucceeded(UUID generationId, String provider, String predictionId, List<String> outputFiles, Instant startedAt,
            Instant completedAt, Double predictTimeSeconds) {
        return terminal("UPDATE generations SET status = 'succeeded', provider_used = ?, provider_current = ?, "
                        + "prediction_id = coalesce(?, prediction_id), output_files = ?, started_at = coalesce(started_at, ?), "
                        + "completed_at = ?, predict_time_seconds = ? WHERE generation_id = ? AND " + NOT_TERMINAL,
                provider, provider, predictionId, outputFiles.toArray(String[]::new), startedAt, completedAt, predictTimeSeconds, generationId);
    }

    /** `failed` with the error; empty when the generation already was terminal. */
    Optional<Ended> markFailed(UUID generationId, String error, String errorCode, Instant failedAt) {
        return terminal("UPDATE generations SET status = 'failed', error = ?, error_code = ?, completed_at = ? WHERE generation_id = ? AND "
                + NOT_TERMINAL, error, errorCode, failedAt, generationId);
    }

    /** `canceled` with the router's verdict; empty when the generation already was terminal. */
    Optional<Ended> markCanceled(UUID generationId, boolean providerCancelSent, boolean creditsRefunded, String predictionId,
            Instant canceledAt) {
        return terminal("UPDATE generations SET status = 'canceled', provider_cancel_sent = ?, credits_refunded = ?, "
                        + "prediction_id = coalesce(prediction_id, ?), completed_at = ? WHERE generation_id = ? AND " + NOT_TERMINAL,
                providerCancelSent, creditsRefunded, predictionId, canceledAt, generationId);
    }

    private Optional<Ended> terminal(String update, Object... params) {
        return sql.queryOne(update + " RETURNING account_id, created_at, completed_at", rs -> new Ended(rs.getObject("account_id", UUID.class),
                Sql.instant(rs, "created_at"), Sql.instant(rs, "completed_at")), params);
    }

    static String toJson(Map<String, Object> extras) {
        if (extras == null || extras.isEmpty()) {
            return null;
        }
        try {
            return Json.mapper().writeValueAsString(extras);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> fromJson(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return Json.mapper().readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? null : Arrays.asList((String[]) array.getArray());
    }

    static Generation row(ResultSet rs) throws SQLException {
        return new Generation(rs.getObject("generation_id", UUID.class), rs.getObject("account_id", UUID.class),
                rs.getString("model_identifier"), rs.getString("media_type"), rs.getString("status"), strings(rs.getArray("provider_order")),
                rs.getBoolean("provider_order_fastest"), rs.getString("provider_used"), rs.getString("prediction_id"),
                rs.getString("prompt"), rs.getString("ratio"), rs.getString("output_format"), rs.getInt("output_number"),
                strings(rs.getArray("input_files")), strings(rs.getArray("output_files")), (Integer) rs.getObject("duration_seconds"),
                rs.getString("resolution"), (Boolean) rs.getObject("generate_audio"), fromJson(rs.getString("extras")),
                rs.getLong("cost_micros"), rs.getString("error"), rs.getString("error_code"), (Boolean) rs.getObject("provider_cancel_sent"),
                (Boolean) rs.getObject("credits_refunded"), rs.getBoolean("removed"), rs.getInt("provider_submissions"),
                Sql.instant(rs, "created_at"), Sql.instant(rs, "started_at"), Sql.instant(rs, "completed_at"),
                (Double) rs.getObject("predict_time_seconds"));
    }
}
