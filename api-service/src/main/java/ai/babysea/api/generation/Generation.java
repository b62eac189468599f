package ai.babysea.api.generation;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One row of the generations read model. */
public record Generation(
        UUID generationId,
        UUID accountId,
        String modelIdentifier,
        String mediaType,
        String status,
        List<String> providerOrder,
        boolean providerOrderFastest,
        String providerUsed,
        String predictionId,
        String prompt,
        String ratio,
        String outputFormat,
        int outputNumber,
        List<String> inputFiles,
        List<String> outputFiles,
        Integer durationSeconds,
        String resolution,
        Boolean generateAudio,
        Map<String, Object> extras,
        long costMicros,
        String error,
        String errorCode,
        Boolean providerCancelSent,
        Boolean creditsRefunded,
        boolean removed,
        int providerSubmissions,
        Instant createdAt,
        Instant startedAt,
        Instant completedAt,
        Double predictTimeSeconds) {

    /** The statuses after which nothing changes. */
    public static final List<String> TERMINAL = List.of("succeeded", "failed", "canceled");

    /** Whether this generation reached a terminal status. */
    public boolean terminal() {
        return TERMINAL.contains(status);
    }
}
