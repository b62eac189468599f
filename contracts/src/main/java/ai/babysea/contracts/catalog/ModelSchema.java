package ai.babysea.contracts.catalog;

import java.util.List;

/** The public core schema of a model: what each normalized `generation_*` field may hold. */
public record ModelSchema(
        List<String> generationRatio,
        List<String> generationOutputFormat,
        int generationOutputNumber,
        boolean generationInputFile,
        List<Integer> generationDuration,
        List<String> generationResolution,
        Boolean generationGenerateAudio) {
}
