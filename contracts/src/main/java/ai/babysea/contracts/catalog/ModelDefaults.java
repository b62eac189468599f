package ai.babysea.contracts.catalog;

/** Values applied when a request omits a core field. */
public record ModelDefaults(
        String generationRatio,
        String generationOutputFormat,
        Integer generationOutputNumber,
        String generationResolution,
        Boolean generationGenerateAudio) {
}
