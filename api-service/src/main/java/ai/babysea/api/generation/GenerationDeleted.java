package ai.babysea.api.generation;

/** The answer of `DELETE /v1/content/{generation_id}`: the id and how many stored files were removed. */
public record GenerationDeleted(String generationId, long filesDeleted) {
}
