package ai.babysea.contracts.events;

import java.util.List;
import java.util.Map;

/**
 * The normalized, validated request of one generation with every default applied.
 * Provider-native names never appear here; adapters translate.
 */
public record GenerationParameters(
        String prompt,
        String ratio,
        String outputFormat,
        int outputNumber,
        List<String> inputFiles,
        Integer durationSeconds,
        String resolution,
        Boolean generateAudio,
        Map<String, Object> extras) {
}
