package ai.babysea.api.generation;

/** The answer of `DELETE /v1/content/{generation_id}` (§2.10): the id and how many stored files were removed. */
public record GenerationDeleted(String generationId, long filesDeleted) {
}
