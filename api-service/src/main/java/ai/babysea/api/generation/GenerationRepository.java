package ai.babysea.api.generation;

import ai.babysea.contracts.Json;
import ai.babysea.platform.jdbc.Sql;
import ai.babysea.platform.outbox.OutboxWriter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
    /** The values of {@link #COLUMNS} with their types spelled out (an INSERT ... SELECT does not take them from the columns). */
    private static final String TYPED_VALUES = "?::uuid, ?::uuid, ?::text, ?::text, ?::text, ?::text[], ?::boolean, ?::text, ?::text, "
            + "?::text, ?::int, ?::text[], ?::int, ?::text, ?::boolean, ?::text, ?::bigint, ?::timestamptz";

    /** The answer stored for an idempotent submit, written with its generation. */
    record IdempotentAnswer(String key, int status, String body) {
    }

    /**
     * Accepts a submit in ONE autocommitted statement (one round trip, no transaction): takes one of the account's
     * in-flight slots the way the first step of {@link #claimInFlight} does (a random unlocked shard below its share),
     * and only if it got one inserts the record, its outbox row and, for an idempotent submit, the stored answer. All or
     * nothing: false means nothing was written (no unlocked shard was free, no shard rows exist yet, or the projected
     * balance is missing or below the cost), and the caller checks the balance and takes the transactional path
     * ({@link #claimInFlight}, which creates the shard rows or waits for a locked one).
     */
    boolean insertAccepted(Generation g, long cap, OutboxWriter.Row event, IdempotentAnswer answer) {
        if (cap <= 0) {
            return false;
        }
        List<Object> params = new ArrayList<>(List.of(Claim.of(cap).params(g.accountId())));
        params.add(g.accountId().toString());
        params.add(g.costMicros());
        params.addAll(Arrays.asList(columns(g)));
        params.addAll(Arrays.asList(event.params()));
        if (answer == null) {
            return sql.queryLong(ACCEPT, params.toArray()).orElse(0L) == 1L;
        }
        params.addAll(List.of(g.generationId(), answer.status(), answer.body(), g.accountId(), answer.key()));
        return sql.queryLong(ACCEPT_WITH_ANSWER, params.toArray()).orElse(0L) == 1L;
    }

    /**
     * {@link #insertAccepted}: the slot, taken only while the ledger's projected balance covers the cost (the BSE1004
     * pre-check, in the same round trip; with no projected balance, or too little, the caller's slower path decides),
     * then the record and its outbox row only if the slot was taken.
     */
    private static final String ACCEPT_WRITES = "WITH slot AS (UPDATE account_in_flight SET generations = generations + 1 "
            + "WHERE account_id = ? AND shard = (" + Claim.pick("ORDER BY random() LIMIT 1 FOR UPDATE SKIP LOCKED")
            + ") AND EXISTS (SELECT 1 FROM balances WHERE account_id = ? AND available_micros >= ?) RETURNING shard), "
            + "gen AS (INSERT INTO generations (" + COLUMNS + ") SELECT " + TYPED_VALUES
            + " WHERE EXISTS (SELECT 1 FROM slot)), evt AS (INSERT INTO outbox (" + OutboxWriter.COLUMNS
            + ") SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM slot))";
    private static final String ACCEPT = ACCEPT_WRITES + " SELECT count(*) FROM slot";
    /** ... and the idempotent answer, also only with the slot. */
    private static final String ACCEPT_WITH_ANSWER = ACCEPT_WRITES + ", ans AS (UPDATE idempotency_keys SET generation_id = ?, "
            + "response_status = ?, response_body = ? WHERE account_id = ? AND idempotency_key = ? AND EXISTS (SELECT 1 FROM slot)) "
            + "SELECT count(*) FROM slot";

    /** Inserts the record alone (the transactional path, after {@link #claimInFlight} took the slot). */
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

    List<Generation> page(UUID accountId, int limit, int offset) {
        return sql.query("SELECT * FROM generations WHERE account_id = ? ORDER BY created_at DESC, generation_id DESC LIMIT ? OFFSET ?",
                GenerationRepository::row, accountId, limit, offset);
    }

    long count(UUID accountId) {
        return sql.queryLong("SELECT count(*) FROM generations WHERE account_id = ?", accountId).orElse(0L);
    }

    /** Most rows an account's in-flight counter is split into (see V13__in_flight_shards.sql). */
    static final int IN_FLIGHT_SHARDS = 16;

    /**
     * Takes one in-flight slot of the account if it has fewer than {@code cap} in flight; false at the cap. The
     * counter is split into {@code n = min(16, cap)} shard rows; shard {@code i} may hold {@code cap / n} slots, plus
     * one when {@code i < cap % n}, so the shares add up to the cap exactly. A submit takes a random unlocked shard
     * below its share ({@code SKIP LOCKED}: concurrent submits of one account do not queue on one row lock). Only
     * when every such shard is locked by a concurrent submit does it wait on one (least used first); if none is left
     * below its share after that, the account is at its cap. The shards' total must also be below the cap: after a
     * plan downgrade the old generations still fill shards beyond the new shares, and a shard that drained below
     * its new share must not admit while the account is over its new cap.
     */
    boolean claimInFlight(UUID accountId, long cap) {
        if (cap <= 0) {
            return false;
        }
        Claim claim = Claim.of(cap);
        if (takeSlot(claim, accountId, "ORDER BY random() LIMIT 1 FOR UPDATE SKIP LOCKED")) {
            return true;
        }
        // First use (or a raised cap using more shards): create the account's shard rows; a no-op when they exist.
        sql.update("INSERT INTO account_in_flight (account_id, shard, generations) SELECT ?, s, 0 FROM generate_series(0, ? - 1) AS s "
                + "ON CONFLICT DO NOTHING", accountId, claim.shards());
        return takeSlot(claim, accountId, "ORDER BY generations, shard LIMIT 1 FOR UPDATE");
    }

    private boolean takeSlot(Claim claim, UUID accountId, String order) {
        return sql.queryLong("UPDATE account_in_flight SET generations = generations + 1 WHERE account_id = ? AND shard = ("
                + Claim.pick(order) + ") RETURNING generations", claim.params(accountId)).isPresent();
    }

    /**
     * The shard layout for a cap: {@code shards = min(16, cap)} rows, shard {@code i} may hold {@code share} slots plus
     * one when {@code i < extra}, so {@code share * shards + extra} is the cap.
     */
    private record Claim(int shards, long share, long extra) {
        static Claim of(long cap) {
            int shards = (int) Math.min(IN_FLIGHT_SHARDS, cap);
            return new Claim(shards, cap / shards, cap % shards);
        }

        /** A shard of the account below its share while the account's total is below the cap; parameters: {@link #params}. */
        static String pick(String order) {
            return "SELECT shard FROM account_in_flight WHERE account_id = ? AND shard < ? AND generations < ? + CASE WHEN shard < ? "
                    + "THEN 1 ELSE 0 END AND (SELECT sum(t.generations) FROM account_in_flight t WHERE t.account_id = ?) < ? " + order;
        }

        /** The UPDATE's account, then the pick's. */
        Object[] params(UUID accountId) {
            return new Object[] {accountId, accountId, shards, share, extra, accountId, share * shards + extra};
        }
    }

    /**
     * Gives back the slots of {@code count} generations of the account that became terminal: shards above zero lose
     * them, highest shard first (after a downgrade to a cap below 16 the shards outside the new range drain first;
     * only the sum counts). An unlocked shard is preferred, so a release does not wait behind a submit's claim.
     */
    void releaseInFlight(UUID accountId, int count) {
        String take = "WITH s AS (SELECT shard, generations FROM account_in_flight WHERE account_id = ? AND generations > 0 "
                + "ORDER BY shard DESC LIMIT 1 FOR UPDATE%s) UPDATE account_in_flight a SET generations = a.generations - "
                + "least(s.generations, ?) FROM s WHERE a.account_id = ? AND a.shard = s.shard RETURNING least(s.generations, ?)";
        long left = count;
        while (left > 0) {
            long wanted = left;
            long taken = sql.queryLong(take.formatted(" SKIP LOCKED"), accountId, wanted, accountId, wanted)
                    .or(() -> sql.queryLong(take.formatted(""), accountId, wanted, accountId, wanted)).orElse(0L);
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
