package ai.babysea.api.generation;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of `POST /v1/generate/image/{model_identifier}` as the document describes it; {@link GenerationValidator} reads
 * it strictly against the model's catalog entry (its enums, ranges and model-specific fields).
 */
@Schema(description = "The normalized request. Which values a model accepts is its `schema` in `GET /v1/library/models`; its "
        + "model-specific `generation_*` fields are listed in `specific_schema`. Unknown fields are refused (BSE2001); `null` "
        + "counts as omitted.", additionalProperties = Schema.True.class)
public record ImageGenerationRequest(
        @Schema(required = true, description = "The prompt; at most 5,000 characters.", maxLength = 5000, example = "a lighthouse at dusk")
        String generationPrompt,
        @Schema(description = "Aspect ratio, one of the model's (default: the model's).", example = "16:9")
        String generationRatio,
        @Schema(description = "Output format, one of the model's (default: the model's).", example = "png")
        String generationOutputFormat,
        @Schema(description = "Outputs to generate, 1 to the model's maximum (default 1).", minimum = "1")
        Integer generationOutputNumber,
        @Schema(description = "Public http(s) URLs of input images, at most 10, for models that take them; at most 10. One URL may be sent as a string.",
                oneOf = {String.class, String[].class})
        Object generationInputFile,
        @Schema(description = "`fastest`, or one of the model's provider orders (`bfl, replicate`).", example = "fastest")
        String generationProviderOrder) {
}
