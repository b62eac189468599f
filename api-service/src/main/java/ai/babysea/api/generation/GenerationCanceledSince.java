package ai.babysea.api.generation;

/** The alternate submit answer (docs/api/README.md, "Idempotency"): an idempotent replay of a create whose generation was canceled since. */
public record GenerationCanceledSince(String generationId, String generationStatus) {
}
