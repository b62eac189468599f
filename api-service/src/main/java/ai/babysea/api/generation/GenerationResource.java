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
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Generation routes (docs/api/generations.md): submit (image, video), read, list, cancel, delete. */
@Tag(name = "Generations")
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

    @Operation(operationId = "generateImage", summary = "Submit an image generation",
            description = "Validates the body against the model, prices it, checks the balance and the account's in-flight cap, then "
                    + "accepts it: the answer comes before any provider sees the request; follow it with `GET /v1/content/{id}` "
                    + "or a webhook.")
    @Extension(name = "x-babysea-scope", value = "generation:write")
    @Extension(name = "x-babysea-errors", value = "BSE1004 BSE1009 BSE2001 BSE2001@415 BSE2008 BSE2010 BSE2011 BSE2012 BSE2015 BSE2016")
    @APIResponse(responseCode = "200", description = "Accepted: the generation is `pending`. An idempotent replay answers the stored "
            + "answer (header `Idempotency-Replayed: true`), or `{generation_id, generation_status: canceled}` when that generation "
            + "was canceled since.", content = @Content(mediaType = "application/json",
            schema = @Schema(oneOf = {GenerationInitialized.class, GenerationCanceledSince.class})),
            extensions = @Extension(name = "x-babysea-envelope", value = "success"))
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/generate/image/{model_identifier: .+}")
    @RequiresScope(Scope.GENERATION_WRITE)
    public Response generateImage(@Parameter(description = "The model, e.g. `bfl/flux-schnell` (its slash is part of the path).", example = "bfl/flux-schnell")
            @PathParam("model_identifier") String model, @Parameter(description = "Makes a retry safe for 24 h: the same key with the same body replays the first answer; with "
                    + "another body it is BSE2015; while the first still runs, BSE2016.", schema = @Schema(pattern = "^[A-Za-z0-9_.:-]{1,255}$"))
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = ImageGenerationRequest.class)))
            String body) {
        return submit("image", model, idempotencyKey, body);
    }

    @Operation(operationId = "generateVideo", summary = "Submit a video generation",
            description = "As the image route, for video models; `generation_duration` is required.")
    @Extension(name = "x-babysea-scope", value = "generation:write")
    @Extension(name = "x-babysea-errors", value = "BSE1004 BSE1009 BSE2001 BSE2001@415 BSE2008 BSE2010 BSE2011 BSE2012 BSE2015 BSE2016")
    @APIResponse(responseCode = "200", description = "Accepted: the generation is `pending`. An idempotent replay answers the stored "
            + "answer (header `Idempotency-Replayed: true`), or `{generation_id, generation_status: canceled}` when that generation "
            + "was canceled since.", content = @Content(mediaType = "application/json",
            schema = @Schema(oneOf = {GenerationInitialized.class, GenerationCanceledSince.class})),
            extensions = @Extension(name = "x-babysea-envelope", value = "success"))
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/generate/video/{model_identifier: .+}")
    @RequiresScope(Scope.GENERATION_WRITE)
    public Response generateVideo(@Parameter(description = "The model, e.g. `bfl/flux-schnell` (its slash is part of the path).", example = "bfl/flux-schnell")
            @PathParam("model_identifier") String model, @Parameter(description = "Makes a retry safe for 24 h: the same key with the same body replays the first answer; with "
                    + "another body it is BSE2015; while the first still runs, BSE2016.", schema = @Schema(pattern = "^[A-Za-z0-9_.:-]{1,255}$"))
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = VideoGenerationRequest.class)))
            String body) {
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

    @Operation(operationId = "listGenerations", summary = "The account's generations, newest first",
            description = "`limit` is clamped to 1-100, a negative `offset` counts as 0; `total`, `limit` and `offset` stand beside "
                    + "`data`. `status` and `model` narrow the list (both together: generations matching both); `total` counts the "
                    + "generations that match.")
    @Extension(name = "x-babysea-scope", value = "generation:read")
    @Extension(name = "x-babysea-errors", value = "BSE2001 BSE2008")
    @GET
    @Path("/content/list")
    @RequiresScope(Scope.GENERATION_READ)
    public PageEnvelope<GenerationList> list(
            @Parameter(description = "Page size, clamped to 1-100.", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "50"))
            @QueryParam("limit") String limitParam,
            @Parameter(description = "Generations to skip.", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "0"))
            @QueryParam("offset") String offsetParam,
            @Parameter(description = "Only generations in this status; another value is BSE2008.", example = "failed",
                    schema = @Schema(type = SchemaType.STRING, enumeration = {"pending", "processing", "succeeded", "failed", "canceled"}))
            @QueryParam("status") String statusParam,
            @Parameter(description = "Only generations of this model (`owner/name`); a malformed identifier is BSE2008, an unknown one "
                    + "matches nothing.", example = "bfl/flux-schnell", schema = @Schema(type = SchemaType.STRING, maxLength = 201,
                    pattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}/[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$"))
            @QueryParam("model") String modelParam) {
        int limit = clamp(parse(limitParam, "limit", DEFAULT_LIMIT), 1, MAX_LIMIT);
        int offset = Math.max(0, parse(offsetParam, "offset", 0));
        GenerationFilter filter = GenerationFilter.parse(statusParam, modelParam);
        UUID account = call.key().accountId();
        List<GenerationView> records = generations.page(account, filter, limit, offset).stream().map(GenerationView::of).toList();
        return Envelopes.page(call.requestId(), "Generations retrieved", new GenerationList(records), generations.count(account, filter),
                limit, offset);
    }

    @Operation(operationId = "getGeneration", summary = "One generation",
            description = "Another account's id answers exactly like an unknown one.")
    @Extension(name = "x-babysea-scope", value = "generation:read")
    @Extension(name = "x-babysea-errors", value = "BSE2013")
    @GET
    @Path("/content/{generation_id}")
    @RequiresScope(Scope.GENERATION_READ)
    public SuccessEnvelope<GenerationView> get(@PathParam("generation_id") String generationId) {
        return Envelopes.success(call.requestId(), "Generation retrieved", GenerationView.of(generations.get(call.key().accountId(), generationId)));
    }

    @Operation(operationId = "deleteGeneration", summary = "Delete a finished generation and its stored files",
            description = "In-flight generations must be canceled first (BSE2018).")
    @Extension(name = "x-babysea-scope", value = "generation:delete")
    @Extension(name = "x-babysea-errors", value = "BSE2013 BSE2018 BSE5002")
    @DELETE
    @Path("/content/{generation_id}")
    @RequiresScope(Scope.GENERATION_DELETE)
    public SuccessEnvelope<GenerationDeleted> delete(@PathParam("generation_id") String generationId) {
        long files = generations.delete(call.key().accountId(), generationId);
        return Envelopes.success(call.requestId(), "Generation deleted", new GenerationDeleted(generationId, files));
    }

    @Operation(operationId = "cancelGeneration", summary = "Cancel an in-flight generation",
            description = "Waits a few seconds for the router's verdict: 200 with it, or 202 while it is still pending (the "
                    + "`generation.canceled` webhook and the record tell the outcome later).")
    @Extension(name = "x-babysea-scope", value = "generation:delete")
    @Extension(name = "x-babysea-errors", value = "BSE2013 BSE2014")
    @APIResponse(responseCode = "200", description = "Canceled.", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = GenerationCancelView.class)), extensions = @Extension(name = "x-babysea-envelope", value = "success"))
    @APIResponse(responseCode = "202", description = "Cancel requested; no verdict within the wait.", content = @Content(
            mediaType = "application/json", schema = @Schema(implementation = GenerationCancelView.class)),
            extensions = @Extension(name = "x-babysea-envelope", value = "success"))
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
