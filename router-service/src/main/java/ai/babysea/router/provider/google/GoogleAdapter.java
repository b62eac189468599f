package ai.babysea.router.provider.google;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.router.config.RouterConfig;
import ai.babysea.router.provider.PollResult;
import ai.babysea.router.provider.ProviderFailure;
import ai.babysea.router.provider.ProviderOutput;
import ai.babysea.router.provider.ProviderRequest;
import ai.babysea.router.provider.Submission;
import ai.babysea.router.provider.http.HttpFailures;
import ai.babysea.router.provider.http.HttpProviderAdapter;
import ai.babysea.router.provider.http.InputFiles;
import ai.babysea.router.provider.http.ProviderHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Google Gemini API (`x-goog-api-key`): Gemini image models through `:generateContent` (synchronous,
 * base64 `inlineData` parts, one image per call) and Veo through `:predictLongRunning` (an operation polled
 * at `GET /v1beta/{name}` until `done`; the video URI needs the API key to download). Errors are
 * google.rpc.Status bodies; `RetryInfo.retryDelay` is honoured like Retry-After. The API takes media
 * inputs as bytes, never URLs: input files are downloaded first ({@link InputFiles}) and sent as
 * `inlineData` parts after the text (Gemini) or as the instance's `image` (Veo; a second file is the
 * `lastFrame`, as the API appends `generation_input_file_last_content` after the start frame).
 */
@Singleton
public class GoogleAdapter extends HttpProviderAdapter {
    /** Provider id. */
    public static final String ID = "google";
    static final Set<String> IMAGE_RATIOS = Set.of("1:1", "2:3", "3:2", "3:4", "4:3", "9:16", "16:9", "21:9");
    static final Set<String> VEO_RATIOS = Set.of("16:9", "9:16");
    /** Most input images sent inline to a Gemini image model. */
    static final int MAX_GEMINI_IMAGES = 14;
    private static final Set<String> BLOCKED = Set.of("IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "SAFETY", "PROHIBITED_CONTENT");

    @Inject
    GoogleAdapter(ProviderHttp http, RouterConfig config) {
        this(http, settings(config, ID));
    }

    /** An adapter with explicit settings (tests). */
    public GoogleAdapter(ProviderHttp http, RouterConfig.Provider settings) {
        super(http, settings, "https://generativelanguage.googleapis.com");
    }

    @Override
    public String providerId() {
        return ID;
    }

    @Override
    public boolean supportsCancel() {
        return false;
    }

    @Override
    public boolean supports(ProviderRequest request) {
        String ratio = request.parameters().ratio();
        int inputs = hasInputFiles(request) ? request.parameters().inputFiles().size() : 0;
        // Veo: a start frame and optionally a last frame; more files cannot be expressed
        return request.video() ? VEO_RATIOS.contains(ratio) && inputs <= 2 : IMAGE_RATIOS.contains(ratio) && inputs <= MAX_GEMINI_IMAGES;
    }

    private Map<String, String> headers() {
        return Map.of("x-goog-api-key", apiKey);
    }

    @Override
    public CompletableFuture<Submission> submit(ProviderRequest request) {
        return request.video() ? submitVeo(request) : generateImages(request);
    }

    /** The input files as bytes (none: an empty list, without a fetch). */
    private CompletableFuture<List<InputFiles.InputFile>> inputs(ProviderRequest request) {
        return hasInputFiles(request) ? http.inputFiles().fetchAll(request.parameters().inputFiles())
                : CompletableFuture.completedFuture(List.of());
    }

    private CompletableFuture<Submission> generateImages(ProviderRequest request) {
        long started = System.nanoTime();
        return inputs(request).thenCompose(files -> generateImages(request, files, started));
    }

    private CompletableFuture<Submission> generateImages(ProviderRequest request, List<InputFiles.InputFile> files, long started) {
        int count = Math.max(1, request.parameters().outputNumber());
        List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ObjectNode body = ProviderHttp.json().createObjectNode();
            ArrayNode parts = body.putArray("contents").addObject().put("role", "user").putArray("parts");
            parts.addObject().put("text", request.parameters().prompt());
            for (InputFiles.InputFile file : files) {
                parts.addObject().putObject("inlineData").put("mimeType", file.mimeType()).put("data", file.base64());
            }
            ObjectNode generation = body.putObject("generationConfig");
            generation.putArray("responseModalities").add("IMAGE");
            generation.putObject("imageConfig").put("aspectRatio", request.parameters().ratio());
            calls.add(call("POST", "/v1beta/models/" + request.nativeModelId() + ":generateContent", headers(), body));
        }
        return CompletableFuture.allOf(calls.toArray(new CompletableFuture[0])).thenApply(ignored -> {
            List<ProviderOutput> outputs = new ArrayList<>();
            for (CompletableFuture<JsonNode> call : calls) {
                JsonNode response = call.join();
                String blocked = response.path("promptFeedback").path("blockReason").asText("");
                for (JsonNode candidate : response.path("candidates")) {
                    String reason = candidate.path("finishReason").asText("");
                    if (BLOCKED.contains(reason)) {
                        blocked = reason;
                    }
                    for (JsonNode part : candidate.path("content").path("parts")) {
                        JsonNode inline = part.has("inlineData") ? part.get("inlineData") : part.get("inline_data");
                        if (inline != null) {
                            String mime = inline.path("mimeType").asText(inline.path("mime_type").asText("image/png"));
                            outputs.add(ProviderOutput.inline(Base64.getDecoder().decode(inline.path("data").asText()), mime,
                                    mime.endsWith("jpeg") ? "jpg" : mime.substring(mime.indexOf('/') + 1)));
                        }
                    }
                }
                if (!blocked.isEmpty()) {
                    return Submission.completed("google-" + UUID.randomUUID(), new PollResult.Failed(
                            ProviderFailure.terminal(ErrorCode.CONTENT_POLICY_VIOLATION, "google: blocked (" + blocked + ")")));
                }
            }
            String id = "google-" + UUID.randomUUID();
            if (outputs.size() < count) {
                // a 200 without an image part is a failure (NO_IMAGE, IMAGE_OTHER...)
                return Submission.completed(id, new PollResult.Failed(ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR, "google returned no image")));
            }
            return Submission.completed(id, new PollResult.Succeeded(outputs, (System.nanoTime() - started) / 1e9));
        });
    }

    private CompletableFuture<Submission> submitVeo(ProviderRequest request) {
        return inputs(request).thenCompose(files -> submitVeo(request, files));
    }

    private CompletableFuture<Submission> submitVeo(ProviderRequest request, List<InputFiles.InputFile> files) {
        var p = request.parameters();
        ObjectNode body = ProviderHttp.json().createObjectNode();
        ObjectNode instance = body.putArray("instances").addObject().put("prompt", p.prompt());
        if (!files.isEmpty()) {
            instance.putObject("image").put("bytesBase64Encoded", files.get(0).base64()).put("mimeType", files.get(0).mimeType());
        }
        if (files.size() == 2) {
            instance.putObject("lastFrame").put("bytesBase64Encoded", files.get(1).base64()).put("mimeType", files.get(1).mimeType());
        }
        ObjectNode parameters = body.putObject("parameters");
        parameters.put("aspectRatio", p.ratio());
        if (p.durationSeconds() != null) {
            parameters.put("durationSeconds", p.durationSeconds());
        }
        if (p.resolution() != null) {
            parameters.put("resolution", p.resolution());
        }
        parameters.put("sampleCount", 1);
        return call("POST", "/v1beta/models/" + request.nativeModelId() + ":predictLongRunning", headers(), body)
                .thenApply(operation -> Submission.async(operation.path("name").asText()));
    }

    @Override
    public CompletableFuture<PollResult> poll(ProviderRequest request, String predictionId, String handle) {
        if (!request.video()) {
            return CompletableFuture.completedFuture(new PollResult.Failed(ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR,
                    "gemini image calls are synchronous; the result of " + predictionId + " was not recorded")));
        }
        return call("GET", "/v1beta/" + predictionId, headers(), null).thenApply(operation -> {
            if (!operation.path("done").asBoolean(false)) {
                return new PollResult.Running(null);
            }
            if (operation.has("error")) {
                JsonNode error = operation.get("error");
                return new PollResult.Failed(ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR,
                        "google: " + error.path("status").asText() + " " + error.path("message").asText()));
            }
            JsonNode videoResponse = operation.path("response").path("generateVideoResponse");
            List<ProviderOutput> outputs = new ArrayList<>();
            for (JsonNode sample : videoResponse.path("generatedSamples")) {
                JsonNode video = sample.path("video");
                if (video.hasNonNull("uri")) {
                    outputs.add(ProviderOutput.remote(video.get("uri").asText(), "video/mp4", "mp4", headers()));
                } else if (video.hasNonNull("encodedVideo")) {
                    outputs.add(ProviderOutput.inline(Base64.getDecoder().decode(video.get("encodedVideo").asText()), "video/mp4", "mp4"));
                }
            }
            if (outputs.isEmpty()) {
                if (videoResponse.path("raiMediaFilteredCount").asInt(0) > 0) {
                    return new PollResult.Failed(ProviderFailure.terminal(ErrorCode.CONTENT_POLICY_VIOLATION,
                            "google: filtered " + videoResponse.path("raiMediaFilteredReasons")));
                }
                return new PollResult.Failed(ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR, "google: operation done without video"));
            }
            return new PollResult.Succeeded(outputs, null);
        });
    }

    @Override
    protected ProviderFailure classify(HttpResponse<String> response, JsonNode body) {
        JsonNode error = body.path("error");
        String status = error.path("status").asText("");
        String message = "google: " + status + " " + HttpFailures.truncate(error.path("message").asText(""));
        Duration retryDelay = null;
        for (JsonNode detail : error.path("details")) {
            if (detail.path("@type").asText().endsWith("google.rpc.RetryInfo")) {
                retryDelay = HttpFailures.parseDelay(detail.path("retryDelay").asText(""));
            }
        }
        ProviderFailure failure = HttpFailures.classify(ID, response.statusCode(), response.headers(), message);
        if (status.equals("RESOURCE_EXHAUSTED")) {
            return new ProviderFailure(ErrorCode.PROVIDER_RATE_LIMITED, message, true, retryDelay != null ? retryDelay : failure.retryAfter());
        }
        return failure;
    }

    @Override
    public CompletableFuture<Void> cancel(ProviderRequest request, String predictionId, String handle) {
        return CompletableFuture.completedFuture(null);
    }
}
