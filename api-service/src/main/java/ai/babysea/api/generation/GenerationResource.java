package ai.babysea.api.generation;

import ai.babysea.api.key.RequiresScope;
import ai.babysea.api.key.Scope;
import ai.babysea.api.web.CallContext;
import ai.babysea.api.web.Envelopes;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** `POST /v1/generate/{image|video}/{model_identifier}` and `GET /v1/content/{generation_id}`. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class GenerationResource {
    private final GenerationService generations;
    private final CallContext call;

    GenerationResource(GenerationService generations, CallContext call) {
        this.generations = generations;
        this.call = call;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/generate/image/{model: .+}")
    @RequiresScope(Scope.GENERATION_WRITE)
    public Map<String, Object> generateImage(@PathParam("model") String model, String body) {
        return submit("image", model, body);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/generate/video/{model: .+}")
    @RequiresScope(Scope.GENERATION_WRITE)
    public Map<String, Object> generateVideo(@PathParam("model") String model, String body) {
        return submit("video", model, body);
    }

    private Map<String, Object> submit(String mediaType, String model, String body) {
        ValidatedRequest request = generations.prepare(call.key(), mediaType, model, body);
        Generation generation = generations.create(call.key(), request);
        return Envelopes.success(call.requestId(), "Generation initialized", GenerationViews.initialized(generation));
    }

    @GET
    @Path("/content/{generation_id}")
    @RequiresScope(Scope.GENERATION_READ)
    public Map<String, Object> get(@PathParam("generation_id") String generationId) {
        return Envelopes.success(call.requestId(), "Generation retrieved",
                GenerationViews.record(generations.get(call.key().accountId(), generationId)));
    }
}
