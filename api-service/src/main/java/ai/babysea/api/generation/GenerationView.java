package ai.babysea.api.generation;

import ai.babysea.api.http.Envelopes;
import ai.babysea.contracts.catalog.ModelDefinition;
import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The Generation record (docs/api/generations.md) with its exact field names: the video fields only on video generations, the error fields
 * only on failures, `generation_removed` only once the outputs were removed, then the model-specific `generation_*`
 * inputs echoed back (never one that would shadow a field above). Additive to the contract (safe to ignore):
 * `generation_provider_submissions`, the provider attempts dispatched so far (more than 1: it failed over).
 */
public record GenerationView(
        String accountId,
        String generationId,
        String modelIdentifier,
        List<String> generationProviderOrder,
        @Schema(nullable = true) String generationProviderUsed,
        @Schema(nullable = true) String generationPredictionId,
        String generationStatus,
        String generationPrompt,
        String generationRatio,
        String generationOutputFormat,
        int generationOutputNumber,
        @Schema(nullable = true) List<String> generationInputFile,
        @Schema(nullable = true) List<String> generationOutputFile,
        String generationCreatedAt,
        @Schema(nullable = true) String generationStartedAt,
        @Schema(nullable = true) String generationCompletedAt,
        @Schema(nullable = true) Double generationMetricsTotalTime,
        @Schema(nullable = true) Double generationMetricsPredictTime,
        int generationProviderSubmissions,
        @JsonUnwrapped @JsonInclude(JsonInclude.Include.NON_NULL) Video video,
        @JsonUnwrapped @JsonInclude(JsonInclude.Include.NON_NULL) Failure failure,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean generationRemoved,
        @JsonIgnore Map<String, Object> modelSpecific) {

    /** The fields of a video generation. */
    public record Video(Integer generationDuration, @Schema(nullable = true) String generationResolution, boolean generationGenerateAudio,
            String generationAudioMode) {
    }

    /** The fields of a failed generation. */
    public record Failure(@Schema(nullable = true) String generationError, @Schema(nullable = true) String generationErrorCode) {
    }

    /** The model-specific inputs, written after the fields above. */
    @JsonAnyGetter
    public Map<String, Object> modelSpecificFields() {
        return modelSpecific;
    }

    /** Names of the fields above, by when they are written. */
    private static final Set<String> ALWAYS = Set.of("account_id", "generation_id", "model_identifier", "generation_provider_order",
            "generation_provider_used", "generation_prediction_id", "generation_status", "generation_prompt", "generation_ratio",
            "generation_output_format", "generation_output_number", "generation_input_file", "generation_output_file",
            "generation_created_at", "generation_started_at", "generation_completed_at", "generation_metrics_total_time",
            "generation_metrics_predict_time", "generation_provider_submissions");
    private static final Set<String> VIDEO = Set.of("generation_duration", "generation_resolution", "generation_generate_audio",
            "generation_audio_mode");
    private static final Set<String> FAILURE = Set.of("generation_error", "generation_error_code");
    private static final String REMOVED = "generation_removed";

    /** The view of a read-model row. */
    public static GenerationView of(Generation g) {
        boolean audio = Boolean.TRUE.equals(g.generateAudio());
        Video video = ModelDefinition.VIDEO.equals(g.mediaType())
                ? new Video(g.durationSeconds(), g.resolution(), audio, audio ? "audio" : "noaudio") : null;
        Failure failure = "failed".equals(g.status()) ? new Failure(g.error(), g.errorCode()) : null;
        Boolean removed = g.removed() ? Boolean.TRUE : null;
        Map<String, Object> specific = new LinkedHashMap<>();
        if (g.extras() != null) {
            g.extras().forEach((name, value) -> {
                boolean written = ALWAYS.contains(name) || (video != null && VIDEO.contains(name))
                        || (failure != null && FAILURE.contains(name)) || (removed != null && REMOVED.equals(name));
                if (!written) {
                    specific.put(name, value);
                }
            });
        }
        return new GenerationView(g.accountId().toString(), g.generationId().toString(), g.modelIdentifier(), g.providerOrder(),
                g.providerUsed(), g.predictionId(), g.status(), g.prompt(), g.ratio(), g.outputFormat(), g.outputNumber(),
                g.inputFiles() == null || g.inputFiles().isEmpty() ? null : g.inputFiles(), g.outputFiles(), Envelopes.iso(g.createdAt()),
                Envelopes.iso(g.startedAt()), Envelopes.iso(g.completedAt()),
                g.completedAt() == null ? null : Duration.between(g.createdAt(), g.completedAt()).toMillis() / 1000.0, g.predictTimeSeconds(),
                g.providerSubmissions(), video, failure, removed, specific);
    }
}
