package ai.babysea.api.internal;

import ai.babysea.api.internal.InternalClient.Target;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;

/** router-service's internal REST API: provider/model/storage health and output-file deletion. */
@ApplicationScoped
public class RouterClient {
    private final InternalClient client;

    RouterClient(InternalClient client) {
        this.client = client;
    }

    /** Deletes a generation's stored outputs; returns how many files were removed. */
    public long deleteFiles(String generationId) {
        JsonNode answer = client.require(Target.ROUTER, "DELETE", "/internal/generations/" + generationId + "/files", null);
        return answer == null ? 0 : answer.path("files_deleted").asLong(0);
    }

    /** A health document (`providers`, `models` or `storage`), verbatim. */
    public JsonNode health(String which) {
        return client.require(Target.ROUTER, "GET", "/internal/health/" + which, null);
    }
}
