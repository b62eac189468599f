package ai.babysea.sdk.model;

import java.util.List;

/**
 * The answer of a generation create. On an idempotent replay of a generation canceled since, only
 * {@code generationId} and {@code generationStatus} are set (the contract's alternate shape).
 *
 * @param idempotencyReplayed whether the API replayed an earlier answer for the same Idempotency-Key
 * @param idempotencyKey the Idempotency-Key the SDK sent (generated unless given); repeat the create with it to learn its outcome
 */
public record GenerationCreated(
        String modelIdentifier,
        List<String> generationProviderOrder,
        String generationPredictionId,
        String generationId,
        Boolean generationInitialized,
        GenerationStatus generationStatus,
        boolean idempotencyReplayed,
        String idempotencyKey) {

    /** The same answer with what the SDK knows beyond the body. */
    public GenerationCreated withIdempotency(boolean replayed, String key) {
        return new GenerationCreated(modelIdentifier, generationProviderOrder, generationPredictionId, generationId, generationInitialized,
                generationStatus, replayed, key);
    }
}
