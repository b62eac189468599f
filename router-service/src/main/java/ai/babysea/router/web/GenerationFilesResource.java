package ai.babysea.router.web;

import ai.babysea.router.storage.OutputStore;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Internal REST for api-service: deleting a generation deletes its stored output files. */
@Path("/internal/generations/{generationId}/files")
@Produces(MediaType.APPLICATION_JSON)
public class GenerationFilesResource {
    private final OutputStore store;

    GenerationFilesResource(OutputStore store) {
        this.store = store;
    }

    /** Response of a delete. */
    public record FilesDeleted(String generationId, int filesDeleted) {
    }

    @DELETE
    public FilesDeleted delete(@PathParam("generationId") String generationId) {
        return new FilesDeleted(generationId, store.deleteAll(generationId));
    }
}
