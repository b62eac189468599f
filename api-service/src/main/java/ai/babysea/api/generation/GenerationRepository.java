package ai.babysea.api.generation;

import ai.babysea.contracts.Json;
import ai.babysea.platform.jdbc.Sql;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** SQL of the generations read model. Every status change is a conditional UPDATE that never leaves a terminal status. */
@ApplicationScoped
public class GenerationRepository {
    static final String NOT_TERMINAL = "status IN ('pending', 'processing')";

    private final Sql sql;

    GenerationRepository(Sql sql) {
        this.sql = sql;
    }

    void insert(Generation g) {
        sql.update("INSERT INTO generations (generation_id, account_id, model_identifier, media_type, status, provider_order, "
                        + "provider_order_fastest, prompt, ratio, output_format, output_number, input_files, duration_seconds, resolution, "
                        + "generate_audio, extras, cost_micros, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                g.generationId(), g.accountId(), g.modelIdentifier(), g.mediaType(), g.status(), g.providerOrder().toArray(String[]::new),
                g.providerOrderFastest(), g.prompt(), g.ratio(), g.outputFormat(), g.outputNumber(),
                g.inputFiles() == null || g.inputFiles().isEmpty() ? null : g.inputFiles().toArray(String[]::new), g.durationSeconds(),
                g.resolution(), g.generateAudio(), toJson(g.extras()), g.costMicros(), g.createdAt());
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

    /** Takes one in-flight slot of the account if it has fewer than {@code cap} in flight; false at the cap. */
    boolean claimInFlight(UUID accountId, long cap) {
        return sql.queryLong("INSERT INTO account_in_flight AS f (account_id, generations) VALUES (?, 1) ON CONFLICT (account_id) "
                + "DO UPDATE SET generations = f.generations + 1 WHERE f.generations < ? RETURNING generations", accountId, cap).isPresent();
    }

    /** Gives back the slot of a generation that became terminal. */
    void releaseInFlight(UUID accountId) {
        sql.update("UPDATE account_in_flight SET generations = generations - 1 WHERE account_id = ? AND generations > 0", accountId);
    }

    int delete(UUID accountId, UUID generationId) {
        return sql.update("DELETE FROM generations WHERE generation_id = ? AND account_id = ?", generationId, accountId);
    }

    Sql sql() {
        return sql;
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
