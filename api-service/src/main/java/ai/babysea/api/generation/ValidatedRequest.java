package ai.babysea.api.generation;

import ai.babysea.contracts.catalog.ModelDefinition;
import ai.babysea.contracts.events.GenerationParameters;
import java.util.List;

/** A generation request that passed strict validation: normalized parameters, resolved provider order and cost. */
record ValidatedRequest(
        ModelDefinition model,
        GenerationParameters parameters,
        List<String> providerOrder,
        boolean providerOrderFastest,
        long costMicros) {
}
