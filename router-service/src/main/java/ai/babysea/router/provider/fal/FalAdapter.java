package ai.babysea.router.provider.fal;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.router.config.RouterConfig;
import ai.babysea.router.provider.PollResult;
import ai.babysea.router.provider.ProviderException;
import ai.babysea.router.provider.ProviderFailure;
import ai.babysea.router.provider.ProviderOutput;
import ai.babysea.router.provider.ProviderRequest;
import ai.babysea.router.provider.Submission;
import ai.babysea.router.provider.http.HttpFailures;
import ai.babysea.router.provider.http.HttpProviderAdapter;
import ai.babysea.router.provider.http.ProviderHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * fal.ai queue API: submit `POST /{model_id}` (`Authorization: Key ...`), status and result under
 * `/{owner}/{app}/requests/{id}` (the subpath is dropped), cancel `PUT .../cancel`. `COMPLETED` is not
 * success: the result fetch decides (2xx output, or an error body with `X-Fal-Retryable`).
 */
@Singleton
public class FalAdapter extends HttpProviderAdapter {
    /** Provider id. */
    public static final String ID = "fal";
    private static final Map<String, String> IMAGE_SIZES = Map.of("1:1", "square_hd", "4:3", "landscape_4_3", "3:4", "portrait_4_3",
            "16:9", "landscape_16_9", "9:16", "portrait_16_9");

    private final Optional<String> webhookBaseUrl;

    @Inject
    FalAdapter(ProviderHttp http, RouterConfig config) {
        this(http, settings(config, ID), config.webhookBaseUrl());
    }

    /** An adapter with explicit settings (tests). */
    public FalAdapter(ProviderHttp http, RouterConfig.Provider settings, Optional<String> webhookBaseUrl) {
        super(http, settings, "https://queue.fal.run");
        this.webhookBaseUrl = webhookBaseUrl;
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
        String format = request.parameters().outputFormat();
        // fal's image models write jpeg or png only
        return request.video() || format == null || !format.equals("webp");
    }

    private Map<String, String> headers() {
        return Map.of("Authorization", "Key " + apiKey);
    }

    /** `owner/app` of a model id: status, result and cancel drop the subpath. */
    static String app(String modelId) {
        String[] parts = modelId.split("/");
        return parts.length < 2 ? modelId : parts[0] + "/" + parts[1];
    }

    @Override
    public CompletableFuture<Submission> submit(ProviderRequest request) {
        String path = "/" + request.nativeModelId() + webhookBaseUrl
                .map(base -> "?fal_webhook=" + URLEncoder.encode(base.replaceAll("/+$", "") + "/provider-webhooks/fal", StandardCharsets.UTF_8))
                .orElse("");
        return call("POST", path, headers(), input(request)).thenApply(body -> Submission.async(body.path("request_id").asText()));
    }

    ObjectNode input(ProviderRequest request) {
        var p = request.parameters();
        ObjectNode input = ProviderHttp.json().createObjectNode();
        input.put("prompt", p.prompt());
        if (request.video()) {
            if (p.ratio() != null) {
                input.put("aspect_ratio", p.ratio());
            }
            if (p.durationSeconds() != null) {
                // Veo wants "8s", Kling and others "5"
                input.put("duration", request.nativeModelId().contains("veo") ? p.durationSeconds() + "s" : p.durationSeconds().toString());
            }
            if (p.resolution() != null) {
                input.put("resolution", p.resolution());
            }
            if (p.generateAudio() != null) {
                input.put("generate_audio", p.generateAudio());
            }
            if (p.inputFiles() != null && !p.inputFiles().isEmpty()) {
                input.put("image_url", p.inputFiles().get(0));
            }
        } else {
            String preset = IMAGE_SIZES.get(p.ratio());
            if (preset != null) {
                input.put("image_size", preset);
            } else if (p.ratio() != null) {
                String[] wh = p.ratio().split(":");
                double ratio = Double.parseDouble(wh[0]) / Double.parseDouble(wh[1]);
                int width = (int) Math.round(Math.sqrt(1024 * 1024 * ratio) / 16) * 16;
                int height = (int) Math.round(width / ratio / 16) * 16;
                input.putObject("image_size").put("width", width).put("height", height);
            }
            input.put("num_images", Math.max(1, p.outputNumber()));
            if (p.outputFormat() != null) {
                input.put("output_format", p.outputFormat().equals("jpg") ? "jpeg" : p.outputFormat());
            }
            if (p.inputFiles() != null && !p.inputFiles().isEmpty()) {
                var urls = input.putArray("image_urls");
                p.inputFiles().forEach(urls::add);
            }
        }
        Long seed = seed(request);
        if (seed != null) {
            input.put("seed", seed);
        }
        return input;
    }

    @Override
    public CompletableFuture<PollResult> poll(ProviderRequest request, String predictionId, String handle) {
        String base = "/" + app(request.nativeModelId()) + "/requests/" + predictionId;
        return call("GET", base + "/status", headers(), null).thenCompose(status -> {
            switch (status.path("status").asText()) {
                case "COMPLETED": {
                    JsonNode inference = status.path("metrics").get("inference_time");
                    Double predictTime = inference == null || !inference.isNumber() ? null : inference.asDouble();
                    return http.send("GET", baseUrl + base, headers(), null).thenApply(result -> toResult(result, request, predictTime));
                }
                case "IN_QUEUE", "IN_PROGRESS":
                default:
                    return CompletableFuture.completedFuture(new PollResult.Running(null));
            }
        });
    }

    PollResult toResult(HttpResponse<String> response, ProviderRequest request, Double predictTime) {
        JsonNode body = ProviderHttp.parse(response.body());
        if (response.statusCode() / 100 != 2) {
            return new PollResult.Failed(classify(response, body));
        }
        List<ProviderOutput> outputs = new ArrayList<>();
        for (JsonNode image : body.path("images")) {
            outputs.add(output(image, request));
        }
        if (body.has("video")) {
            outputs.add(output(body.get("video"), request));
        }
        if (body.has("image")) {
            outputs.add(output(body.get("image"), request));
        }
        if (outputs.isEmpty()) {
            return new PollResult.Failed(ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR, "fal returned no output"));
        }
        return new PollResult.Succeeded(outputs, predictTime);
    }

    private static ProviderOutput output(JsonNode file, ProviderRequest request) {
        String url = file.path("url").asText();
        String type = file.path("content_type").asText(null);
        return ProviderOutput.remote(url, type, extensionOf(url, extensionFor(request)));
    }

    @Override
    protected ProviderFailure classify(HttpResponse<String> response, JsonNode body) {
        String message = errorMessage(body);
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("content_policy") || lower.contains("nsfw") || lower.contains("content policy")) {
            return ProviderFailure.terminal(ErrorCode.CONTENT_POLICY_VIOLATION, "fal: " + HttpFailures.truncate(message));
        }
        ProviderFailure failure = super.classify(response, body);
        if (response.statusCode() == 504 && response.headers().firstValue("x-fal-request-timeout-type").orElse("").equals("user")) {
            return new ProviderFailure(ErrorCode.PROVIDER_TIMEOUT, failure.message(), true, null);
        }
        // fal says explicitly whether retrying can help; a retryable model error may succeed elsewhere
        Optional<String> retryable = response.headers().firstValue("x-fal-retryable");
        if (retryable.isPresent() && !failure.retryable() && Boolean.parseBoolean(retryable.get())) {
            return new ProviderFailure(ErrorCode.PROVIDER_ERROR, failure.message(), true, failure.retryAfter());
        }
        return failure;
    }

    @Override
    public CompletableFuture<Void> cancel(ProviderRequest request, String predictionId, String handle) {
        return http.send("PUT", baseUrl + "/" + app(request.nativeModelId()) + "/requests/" + predictionId + "/cancel", headers(), null)
                .thenApply(response -> {
                    if (response.statusCode() >= 500) {
                        throw new ProviderException(classify(response, ProviderHttp.parse(response.body())));
                    }
                    return null;
                });
    }
}
