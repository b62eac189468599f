package ai.babysea.router.provider.runway;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.router.config.RouterConfig;
import ai.babysea.router.provider.PollResult;
import ai.babysea.router.provider.ProviderException;
import ai.babysea.router.provider.ProviderFailure;
import ai.babysea.router.provider.ProviderOutput;
import ai.babysea.router.provider.ProviderRequest;
import ai.babysea.router.provider.Submission;
import ai.babysea.router.provider.http.HttpProviderAdapter;
import ai.babysea.router.provider.http.ProviderHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runway API (`Authorization: Bearer`, required `X-Runway-Version: 2024-11-06`): `POST /v1/text_to_image`,
 * `/v1/text_to_video` or `/v1/image_to_video` → `{id}`; poll `GET /v1/tasks/{id}`
 * (`PENDING|THROTTLED|RUNNING|SUCCEEDED|FAILED|CANCELLED`); cancel `DELETE /v1/tasks/{id}`. Ratios are pixel
 * pairs; `SAFETY.*` failure codes are content policy.
 */
@Singleton
public class RunwayAdapter extends HttpProviderAdapter {
    /** Provider id. */
    public static final String ID = "runway";
    /** API version header value the SDK pins. */
    static final String VERSION = "2024-11-06";
    static final Map<String, String> IMAGE_RATIOS = Map.of("1:1", "1024:1024", "16:9", "1920:1080", "9:16", "1080:1920",
            "4:3", "1440:1080", "3:4", "1080:1440", "21:9", "2112:912");
    static final Map<String, String> VIDEO_RATIOS = Map.of("16:9", "1280:720", "9:16", "720:1280", "4:3", "1104:832",
            "3:4", "832:1104", "1:1", "960:960", "21:9", "1584:672");

    @Inject
    RunwayAdapter(ProviderHttp http, RouterConfig config) {
        this(http, settings(config, ID));
    }

    /** An adapter with explicit settings (tests). */
    public RunwayAdapter(ProviderHttp http, RouterConfig.Provider settings) {
        super(http, settings, "https://api.dev.runwayml.com");
    }

    @Override
    public String providerId() {
        return ID;
    }

    @Override
    public boolean supportsCancel() {
        return true;
    }

    @Override
    public boolean supports(ProviderRequest request) {
        return (request.video() ? VIDEO_RATIOS : IMAGE_RATIOS).containsKey(request.parameters().ratio());
    }

    private Map<String, String> headers() {
        return Map.of("Authorization", "Bearer " + apiKey, "X-Runway-Version", VERSION);
    }

    @Override
    public CompletableFuture<Submission> submit(ProviderRequest request) {
        var p = request.parameters();
        ObjectNode body = ProviderHttp.json().createObjectNode();
        body.put("model", request.nativeModelId());
        body.put("promptText", p.prompt());
        String path;
        boolean hasImage = p.inputFiles() != null && !p.inputFiles().isEmpty();
        if (request.video()) {
            body.put("ratio", VIDEO_RATIOS.get(p.ratio()));
            if (p.durationSeconds() != null) {
                body.put("duration", p.durationSeconds());
            }
            if (hasImage) {
                body.put("promptImage", p.inputFiles().get(0));
            }
            path = hasImage ? "/v1/image_to_video" : "/v1/text_to_video";
        } else {
            body.put("ratio", IMAGE_RATIOS.get(p.ratio()));
            if (hasImage) {
                var references = body.putArray("referenceImages");
                p.inputFiles().stream().limit(3).forEach(uri -> references.addObject().put("uri", uri));
            }
            path = "/v1/text_to_image";
        }
        Long seed = seed(request);
        if (seed != null) {
            body.put("seed", seed);
        }
        return call("POST", path, headers(), body).thenApply(task -> Submission.async(task.path("id").asText()));
    }

    @Override
    public CompletableFuture<PollResult> poll(ProviderRequest request, String predictionId, String handle) {
        return call("GET", "/v1/tasks/" + predictionId, headers(), null).thenApply(task -> {
            switch (task.path("status").asText()) {
                case "SUCCEEDED": {
                    List<ProviderOutput> outputs = new ArrayList<>();
                    for (JsonNode url : task.path("output")) {
                        outputs.add(ProviderOutput.remote(url.asText(), null, extensionOf(url.asText(), extensionFor(request))));
                    }
                    return outputs.isEmpty() ? new PollResult.Failed(ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR, "runway: no output"))
                            : new PollResult.Succeeded(outputs, null);
                }
                case "FAILED": {
                    String code = task.path("failureCode").asText("");
                    String message = "runway: " + task.path("failure").asText("task failed") + (code.isEmpty() ? "" : " (" + code + ")");
                    return new PollResult.Failed(code.startsWith("SAFETY")
                            ? ProviderFailure.terminal(ErrorCode.CONTENT_POLICY_VIOLATION, message)
                            : ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR, message));
                }
                case "CANCELLED":
                    return new PollResult.Failed(ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR, "runway: task cancelled"));
                default:
                    return new PollResult.Running(null);
            }
        });
    }

    @Override
    public CompletableFuture<Void> cancel(ProviderRequest request, String predictionId, String handle) {
        return http.send("DELETE", baseUrl + "/v1/tasks/" + predictionId, headers(), null).thenApply(response -> {
            if (response.statusCode() / 100 != 2 && response.statusCode() != 404) {
                throw new ProviderException(classify(response, ProviderHttp.parse(response.body())));
            }
            return null;
        });
    }
}
