package ai.babysea.api.generation;

import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of `POST /v1/generate/video/{model_identifier}` as the document describes it; {@link GenerationValidator} reads
 * it strictly against the model's catalog entry.
 */
@Schema(description = "The normalized request of a video model: the image fields plus the duration (required), the end frame, "
        + "and resolution and audio where the model is priced by them. Model-specific `generation_*` fields as in "
        + "`specific_schema`.", additionalProperties = Schema.True.class)
public record VideoGenerationRequest(
        @Schema(required = true, description = "The prompt; at most 5,000 characters.", maxLength = 5000, example = "waves at dawn")
        String generationPrompt,
        @Schema(required = true, description = "Seconds, one of the model's `schema.generation_duration`.", example = "5")
        BigDecimal generationDuration,
        @Schema(description = "Aspect ratio, one of the model's (default: the model's).")
        String generationRatio,
        @Schema(description = "Output format, one of the model's (default: the model's).")
        String generationOutputFormat,
        @Schema(description = "Outputs to generate, 1 to the model's maximum (default 1).", minimum = "1")
        Integer generationOutputNumber,
        @Schema(description = "Public http(s) URLs of input images (start frames), for models that take them; at most 10. One URL may be sent as a string.",
                oneOf = {String.class, String[].class})
        Object generationInputFile,
        @Schema(description = "Public http(s) URL of the end frame; merged after `generation_input_file`.")
        String generationInputFileLastContent,
        @Schema(description = "One of the model's `schema.generation_resolution` (default: the model's).", example = "1080p")
        String generationResolution,
        @Schema(description = "Whether to generate audio, for models priced by it (default: the model's).")
        Boolean generationGenerateAudio,
        @Schema(description = "`fastest`, or one of the model's provider orders.")
        String generationProviderOrder) {
}
