package ai.babysea.router.job;

import ai.babysea.contracts.Json;
import ai.babysea.contracts.events.GenerationAdmitted;
import ai.babysea.contracts.events.GenerationParameters;
import ai.babysea.platform.jdbc.Sql;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** A snapshot of one job row as a worker leased it. */
public record Job(
        String generationId,
        String accountId,
        String modelIdentifier,
        String mediaType,
        GenerationParameters parameters,
        List<String> providerOrder,
        boolean providerOrderFastest,
        String state,
        int providerIndex,
        int attempt,
        String attemptPhase,
        String provider,
        String predictionId,
        String providerHandle,
        Instant attemptStartedAt,
        Instant startedAt,
        Instant createdAt,
        String traceparent) {

    static final String COLUMNS = "generation_id, account_id, model_identifier, media_type, parameters, provider_order, provider_order_fastest, state, "
            + "provider_index, attempt, attempt_phase, provider, prediction_id, provider_handle, attempt_started_at, started_at, created_at, traceparent";

    static Job read(ResultSet rs) throws SQLException {
        Array order = rs.getArray("provider_order");
        return new Job(rs.getString("generation_id"), rs.getString("account_id"), rs.getString("model_identifier"),
                rs.getString("media_type"), parameters(rs.getString("parameters")), List.of((String[]) order.getArray()),
                rs.getBoolean("provider_order_fastest"), rs.getString("state"), rs.getInt("provider_index"), rs.getInt("attempt"), rs.getString("attempt_phase"),
                rs.getString("provider"), rs.getString("prediction_id"), rs.getString("provider_handle"), Sql.instant(rs, "attempt_started_at"),
                Sql.instant(rs, "started_at"), Sql.instant(rs, "created_at"), rs.getString("traceparent"));
    }

    /** The row {@link JobService#admit} just inserted for an admitted generation (queued, nothing attempted yet). */
    static Job admitted(GenerationAdmitted admitted, String traceparent) {
        return new Job(admitted.generationId(), admitted.accountId(), admitted.modelIdentifier(), admitted.mediaType(), admitted.parameters(),
                admitted.providerOrder(), admitted.providerOrderFastest(), "queued", 0, 0, "none", null, null, null, null, null,
                Instant.now().truncatedTo(ChronoUnit.MICROS), traceparent);
    }

    /** Whether the job still runs (queued or running). */
    boolean live() {
        return state.equals("queued") || state.equals("running");
    }

    static GenerationParameters parameters(String json) {
        try {
            return Json.mapper().readValue(json, GenerationParameters.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored parameters unreadable", e);
        }
    }

    static String json(GenerationParameters parameters) {
        try {
            return Json.mapper().writeValueAsString(parameters);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
