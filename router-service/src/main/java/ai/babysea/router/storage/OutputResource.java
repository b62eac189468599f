package ai.babysea.router.storage;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/** Public read of re-hosted outputs: `GET /outputs/{generation_id}/{index}.{ext}`. */
@Path("/outputs/{generationId}/{file}")
public class OutputResource {
    private final OutputStore store;

    OutputResource(OutputStore store) {
        this.store = store;
    }

    @GET
    public Response file(@PathParam("generationId") String generationId, @PathParam("file") String file) {
        int dot = file.indexOf('.');
        int index;
        try {
            index = Integer.parseInt(dot < 0 ? file : file.substring(0, dot));
        } catch (NumberFormatException e) {
            throw new NotFoundException("no such output");
        }
        String extension = dot < 0 ? null : file.substring(dot + 1);
        OutputStore.StoredFile stored = store.get(generationId, index)
                .filter(f -> extension == null || extension.equals(f.extension()))
                .orElseThrow(() -> new NotFoundException("no such output"));
        return Response.ok(stored.content(), stored.contentType())
                .header("Cache-Control", "public, max-age=31536000, immutable").build();
    }
}
