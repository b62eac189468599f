package ai.babysea.api.generation;

import ai.babysea.api.auth.CallContext;
import ai.babysea.api.auth.RequiresScope;
import ai.babysea.api.auth.Scope;
import ai.babysea.api.error.ApiException;
import ai.babysea.api.http.Envelopes;
import ai.babysea.api.http.PageEnvelope;
import ai.babysea.api.http.SuccessEnvelope;
import ai.babysea.contracts.ErrorCode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Generation routes of §2: submit (image, video), read, list, cancel, delete. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class GenerationResource {
    /** Page size bounds of `/v1/content/list`. */
    static final int MAX_LIMIT = 100;
    static final int DEFAULT_LIMIT = 50;

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
    public Response generateImage(@PathParam("model") String model, @HeaderParam("Idempotency-Key") String idempotencyKey, String body) {
        return submit("image", model, idempotencyKey, body);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/generate/video/{model: .+}")
    @RequiresScope(Scope.GENERATION_WRITE)
    public Response generateVideo(@PathParam("model") String model, @HeaderParam("Idempotency-Key") String idempotencyKey, String body) {
        return submit("video", model, idempotencyKey, body);
    }

    private Response submit(String mediaType, String model, String idempotencyKey, String body) {
        GenerationService.Submitted submitted = generations.submit(call.key(), call.requestId(), mediaType, model, body, idempotencyKey);
        Response.ResponseBuilder response = Response.status(submitted.status()).type(MediaType.APPLICATION_JSON).entity(submitted.body());
        if (submitted.replayed()) {
            call.markReplayed();
            response.header("Idempotency-Replayed", "true");
        }
        return response.build();
    }

    @GET
    @Path("/content/list")
    @RequiresScope(Scope.GENERATION_READ)
    public PageEnvelope<GenerationList> list(@QueryParam("limit") String limitParam, @QueryParam("offset") String offsetParam) {
        int limit = clamp(parse(limitParam, "limit", DEFAULT_LIMIT), 1, MAX_LIMIT);
        int offset = Math.max(0, parse(offsetParam, "offset", 0));
        List<GenerationView> records = generations.page(call.key().accountId(), limit, offset).stream().map(GenerationView::of).toList();
        return Envelopes.page(call.requestId(), "Generations retrieved", new GenerationList(records), generations.count(call.key().accountId()),
                limit, offset);
    }

    @GET
    @Path("/content/{generation_id}")
    @RequiresScope(Scope.GENERATION_READ)
    public SuccessEnvelope<GenerationView> get(@PathParam("generation_id") String generationId) {
        return Envelopes.success(call.requestId(), "Generation retrieved", GenerationView.of(generations.get(call.key().accountId(), generationId)));
    }

    @DELETE
    @Path("/content/{generation_id}")
    @RequiresScope(Scope.GENERATION_DELETE)
    public SuccessEnvelope<GenerationDeleted> delete(@PathParam("generation_id") String generationId) {
        long files = generations.delete(call.key().accountId(), generationId);
        return Envelopes.success(call.requestId(), "Generation deleted", new GenerationDeleted(generationId, files));
    }

    @POST
    @Path("/content/generation/cancel/{generation_id}")
    @RequiresScope(Scope.GENERATION_DELETE)
    public Response cancel(@PathParam("generation_id") String generationId) {
        GenerationService.CancelOutcome outcome = generations.cancel(call.key().accountId(), generationId);
        GenerationCancelView data = GenerationCancelView.of(outcome);
        // 200 once the router confirmed the cancel; 202 when it is requested but not confirmed within the wait
        return Response.status(outcome.applied() ? 200 : 202)
                .entity(Envelopes.success(call.requestId(), outcome.applied() ? "Generation canceled" : "Generation cancel requested", data))
                .build();
    }

    private static int parse(String value, String name, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            throw new ApiException(ErrorCode.INVALID_INPUT, "Query parameter '" + name + "' must be an integer.", name);
        }
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }
}
