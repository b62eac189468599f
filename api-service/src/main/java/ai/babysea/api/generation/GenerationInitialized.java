package ai.babysea.api.generation;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The submit answer (docs/api/generations.md, "The answer"). `generation_prediction_id` is always null: the answer is given before any provider sees the
 * request.
 */
public record GenerationInitialized(String modelIdentifier, List<String> generationProviderOrder, @Schema(nullable = true) String generationPredictionId,
        String generationId, boolean generationInitialized) {

    /** The answer for a generation just accepted. */
    static GenerationInitialized of(Generation g) {
        return new GenerationInitialized(g.modelIdentifier(), g.providerOrder(), g.predictionId(), g.generationId().toString(), true);
    }
}
