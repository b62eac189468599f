package ai.babysea.router.provider;

import ai.babysea.contracts.events.GenerationParameters;

/**
 * What an adapter needs to run one attempt: the normalized parameters and the provider's native model id.
 *
 * @param chainPosition zero-based position of this provider in the generation's provider order
 */
public record ProviderRequest(
        String generationId,
        String modelIdentifier,
        String mediaType,
        String providerId,
        String nativeModelId,
        GenerationParameters parameters,
        int attempt,
        int chainPosition) {

    /**
     * Identifies this attempt to a provider (e.g. in a callback URL or metadata it keeps), so that a prediction whose
     * submit answer was lost can be found again: {@code <generation id>.<attempt>}.
     */
    public String attemptKey() {
        return generationId + "." + attempt;
    }

    /** Whether the request produces video. */
    public boolean video() {
        return "video".equals(mediaType);
    }
}
