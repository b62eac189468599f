package ai.babysea.sdk.model;

/** The answer of `DELETE /v1/content/{id}`: the record is gone and so are its stored output files. */
public record DeleteResult(String generationId, Long filesDeleted) {
}
