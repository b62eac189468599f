package ai.babysea.api.generation;

import ai.babysea.api.http.Envelopes;
import ai.babysea.contracts.catalog.ModelDefinition;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders the Generation record of §2.7 with its exact field names. */
public final class GenerationViews {
    private GenerationViews() {
    }

    /** The full record. Video-only fields appear on video generations; error fields only on failures. */
    public static Map<String, Object> record(Generation g) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("account_id", g.accountId().toString());
        data.put("generation_id", g.generationId().toString());
        data.put("model_identifier", g.modelIdentifier());
        data.put("generation_provider_order", g.providerOrder());
        data.put("generation_provider_used", g.providerUsed());
        data.put("generation_prediction_id", g.predictionId());
        data.put("generation_status", g.status());
        data.put("generation_prompt", g.prompt());
        data.put("generation_ratio", g.ratio());
        data.put("generation_output_format", g.outputFormat());
        data.put("generation_output_number", g.outputNumber());
        data.put("generation_input_file", g.inputFiles() == null || g.inputFiles().isEmpty() ? null : g.inputFiles());
        data.put("generation_output_file", g.outputFiles());
        data.put("generation_created_at", Envelopes.iso(g.createdAt()));
        data.put("generation_started_at", Envelopes.iso(g.startedAt()));
        data.put("generation_completed_at", Envelopes.iso(g.completedAt()));
        data.put("generation_metrics_total_time", g.completedAt() == null ? null
                : Duration.between(g.createdAt(), g.completedAt()).toMillis() / 1000.0);
        data.put("generation_metrics_predict_time", g.predictTimeSeconds());
        if (ModelDefinition.VIDEO.equals(g.mediaType())) {
            data.put("generation_duration", g.durationSeconds());
            data.put("generation_resolution", g.resolution());
            data.put("generation_generate_audio", Boolean.TRUE.equals(g.generateAudio()));
            data.put("generation_audio_mode", Boolean.TRUE.equals(g.generateAudio()) ? "audio" : "noaudio");
        }
        if ("failed".equals(g.status())) {
            data.put("generation_error", g.error());
            data.put("generation_error_code", g.errorCode());
        }
        if (g.removed()) {
            data.put("generation_removed", true);
        }
        if (g.extras() != null) {
            g.extras().forEach(data::putIfAbsent);
        }
        return data;
    }

    /** The submit answer of §2.6. */
    public static Map<String, Object> initialized(Generation g) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("model_identifier", g.modelIdentifier());
        data.put("generation_provider_order", g.providerOrder());
        data.put("generation_prediction_id", g.predictionId());
        data.put("generation_id", g.generationId().toString());
        data.put("generation_initialized", true);
        return data;
    }
}
