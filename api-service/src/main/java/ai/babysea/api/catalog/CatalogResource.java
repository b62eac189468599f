package ai.babysea.api.catalog;

import ai.babysea.api.account.BalanceProjection;
import ai.babysea.api.auth.CallContext;
import ai.babysea.api.auth.RequiresScope;
import ai.babysea.api.auth.Scope;
import ai.babysea.api.error.ApiException;
import ai.babysea.api.http.Envelopes;
import ai.babysea.api.http.Fields;
import ai.babysea.api.http.SuccessEnvelope;
import ai.babysea.contracts.ErrorCode;
import ai.babysea.contracts.catalog.ModelCatalog;
import ai.babysea.contracts.catalog.ModelDefinition;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.util.List;
import java.util.OptionalLong;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** `library:read` routes: the provider and model catalog and the free cost estimate (docs/api/generations.md). */
@Tag(name = "Library")
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {
    /** `count` bounds of the estimate; values outside are clamped (the contract says so). */
    static final int MIN_COUNT = 1;
    static final int MAX_COUNT = 100;

    private final ModelCatalog catalog;
    private final CallContext call;
    private final BalanceProjection balances;

    CatalogResource(ModelCatalog catalog, CallContext call, BalanceProjection balances) {
        this.catalog = catalog;
        this.call = call;
        this.balances = balances;
    }

    @Operation(operationId = "listProviders", summary = "The inference providers and how BabySea drives them")
    @Extension(name = "x-babysea-scope", value = "library:read")
    @GET
    @Path("/library/providers")
    @RequiresScope(Scope.LIBRARY_READ)
    public SuccessEnvelope<ProviderList> providers() {
        List<ProviderView> providers = catalog.providers().stream().map(p -> ProviderView.of(catalog, p)).toList();
        return Envelopes.success(call.requestId(), "Providers retrieved", new ProviderList(providers, providers.size()));
    }

    @Operation(operationId = "listModels", summary = "The model catalog: pricing in credits and the accepted request fields")
    @Extension(name = "x-babysea-scope", value = "library:read")
    @GET
    @Path("/library/models")
    @RequiresScope(Scope.LIBRARY_READ)
    public SuccessEnvelope<ModelList> models() {
        List<ModelView> models = catalog.models().stream().map(ModelView::of).toList();
        return Envelopes.success(call.requestId(), "Models retrieved", new ModelList(models, models.size()));
    }

    @Operation(operationId = "estimate", summary = "Estimate the cost of a request (free)",
            description = "`count` is clamped to 1-100; for video, `duration` defaults to the model's shortest and must be one of its "
                    + "durations.")
    @Extension(name = "x-babysea-scope", value = "library:read")
    @Extension(name = "x-babysea-errors", value = "BSE2001 BSE2008 BSE2011")
    @GET
    @Path("/estimate/{model_identifier: .+}")
    @RequiresScope(Scope.LIBRARY_READ)
    public SuccessEnvelope<EstimateView> estimate(
            @Parameter(description = "The model, e.g. `bfl/flux-schnell` (its slash is part of the path).", example = "bfl/flux-1.1-pro")
            @PathParam("model_identifier") String modelIdentifier,
            @Parameter(description = "Outputs, clamped to 1-100.", schema = @Schema(type = SchemaType.NUMBER, defaultValue = "1"))
            @QueryParam("count") String countParam,
            @Parameter(description = "Video: seconds, one of the model's durations (default its shortest).",
                    schema = @Schema(type = SchemaType.NUMBER)) @QueryParam("duration") String durationParam,
            @Parameter(description = "Video priced by resolution: one of the model's (default the model's).", example = "1080p")
            @QueryParam("resolution") String resolutionParam,
            @Parameter(description = "Video priced by audio: `true` or `false` (default the model's).",
                    schema = @Schema(type = SchemaType.STRING, enumeration = {"true", "false"})) @QueryParam("audio") String audioParam) {
        ModelDefinition model = catalog.model(modelIdentifier).orElseThrow(() -> new ApiException(ErrorCode.MODEL_NOT_FOUND,
                "No model named '" + Fields.abbreviate(modelIdentifier) + "' exists.", "model_identifier"));
        int count = clampedCount(countParam);
        boolean video = ModelDefinition.VIDEO.equals(model.modelType());
        Integer duration = null;
        String resolution = null;
        boolean audio = false;
        if (video) {
            duration = duration(model, durationParam);
            if (model.schema().generationResolution() != null) {
                resolution = resolutionParam == null || resolutionParam.isBlank() ? model.defaults().generationResolution() : resolutionParam;
                if (!model.schema().generationResolution().contains(resolution)) {
                    throw new ApiException(ErrorCode.PARAMETER_OUT_OF_RANGE, "resolution must be one of "
                            + model.schema().generationResolution() + ".", "resolution");
                }
            }
            if (audioParam != null && !audioParam.isBlank()) {
                if (!audioParam.equals("true") && !audioParam.equals("false")) {
                    throw new ApiException(ErrorCode.INVALID_INPUT, "audio must be true or false.", "audio");
                }
                audio = Boolean.TRUE.equals(model.schema().generationGenerateAudio()) && Boolean.parseBoolean(audioParam);
            } else {
                audio = Boolean.TRUE.equals(model.defaults().generationGenerateAudio());
            }
        }
        long perGeneration = model.pricing().costPerOutputMicros(duration, resolution, audio);
        long total = Math.multiplyExact(perGeneration, (long) count);
        OptionalLong balance = balances.available(call.key().accountId().toString());

        EstimateView data = new EstimateView(model.modelIdentifier(), model.modelType(), count,
                video ? new EstimateView.Video(Envelopes.credits(model.pricing().unitMicros(resolution, audio)), duration, resolution) : null,
                Envelopes.credits(perGeneration), Envelopes.credits(total), balance.isPresent() ? Envelopes.credits(balance.getAsLong()) : null,
                balance.isPresent() ? balance.getAsLong() >= total : null, balance.isPresent() ? balance.getAsLong() / perGeneration : null);
        return Envelopes.success(call.requestId(), "Estimate calculated", data);
    }

    /** `count` clamped to 1..100; a value that is not a number at all is still a client error. */
    static int clampedCount(String value) {
        if (value == null || value.isBlank()) {
            return 1;
        }
        BigDecimal parsed;
        try {
            parsed = new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw new ApiException(ErrorCode.INVALID_INPUT, "count must be a number.", "count");
        }
        if (parsed.compareTo(BigDecimal.valueOf(MIN_COUNT)) < 0) {
            return MIN_COUNT;
        }
        if (parsed.compareTo(BigDecimal.valueOf(MAX_COUNT)) > 0) {
            return MAX_COUNT;
        }
        return parsed.intValue();
    }

    private static Integer duration(ModelDefinition model, String value) {
        List<Integer> allowed = model.schema().generationDuration();
        if (value == null || value.isBlank()) {
            return allowed.get(0);
        }
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw new ApiException(ErrorCode.INVALID_INPUT, "duration must be a number of seconds.", "duration");
        }
        return allowed.stream().filter(d -> BigDecimal.valueOf(d).compareTo(seconds) == 0).findFirst()
                .orElseThrow(() -> new ApiException(ErrorCode.PARAMETER_OUT_OF_RANGE, "duration must be one of " + allowed + ".", "duration"));
    }
}
