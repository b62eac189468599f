package ai.babysea.api.generation;

/** The contract's alternate submit answer (§2.6): an idempotent replay of a create whose generation was canceled since. */
public record GenerationCanceledSince(String generationId, String generationStatus) {
}
