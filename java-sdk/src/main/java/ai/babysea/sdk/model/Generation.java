package ai.babysea.sdk.model;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One generation record (`GET /v1/content/{id}`; docs/api/generations.md, "The Generation record"). Video fields are null on images, error fields null unless
 * failed; {@code extras} holds every other field, such as the model-specific `generation_*` inputs echoed back.
 */
public record Generation(
        String accountId,
        String generationId,
        String modelIdentifier,
        List<String> generationProviderOrder,
        String generationProviderUsed,
        String generationPredictionId,
        GenerationStatus generationStatus,
        String generationPrompt,
        String generationRatio,
        String generationOutputFormat,
        Integer generationOutputNumber,
        List<String> generationInputFile,
        List<String> generationOutputFile,
        Instant generationCreatedAt,
        Instant generationStartedAt,
        Instant generationCompletedAt,
        Double generationMetricsTotalTime,
        Double generationMetricsPredictTime,
        Double generationDuration,
        String generationResolution,
        Boolean generationGenerateAudio,
        String generationAudioMode,
        String generationError,
        String generationErrorCode,
        Boolean generationRemoved,
        @JsonAnySetter Map<String, Object> extras) {

    public Generation {
        extras = extras == null ? Map.of() : Map.copyOf(extras);
    }

    /** Whether the status is final. */
    public boolean terminal() {
        return generationStatus != null && generationStatus.terminal();
    }
}
