package ai.babysea.router.provider.openai;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.router.config.RouterConfig;
import ai.babysea.router.provider.PollResult;
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
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * OpenAI Images (`POST /v1/images/generations`): synchronous, the HTTP call is the job; GPT image models
 * always answer base64 (`data[].b64_json`), so outputs are inline and the prediction id is ours.
 * Image-to-image (`/v1/images/edits`, multipart) is not implemented: requests with input files skip OpenAI.
 */
@Singleton
public class OpenAiImagesAdapter extends HttpProviderAdapter {
    /** Provider id. */
    public static final String ID = "openai";
    /** GPT image 1 / 1.5 sizes: three shapes only. */
    static final Map<String, String> GPT_IMAGE_1_SIZES = Map.of("1:1", "1024x1024", "3:2", "1536x1024", "2:3", "1024x1536");
    /** gpt-image-2 takes any multiple-of-16 size (BabyChain's table). */
    static final Map<String, String> GPT_IMAGE_2_SIZES = Map.of("1:1", "1024x1024", "4:3", "1536x1152", "3:4", "1152x1536",
            "16:9", "1536x864", "9:16", "864x1536", "3:2", "1536x1024", "2:3", "1024x1536");

    @Inject
    OpenAiImagesAdapter(ProviderHttp http, RouterConfig config) {
        this(http, settings(config, ID));
    }

    /** An adapter with explicit settings (tests). */
    public OpenAiImagesAdapter(ProviderHttp http, RouterConfig.Provider settings) {
        super(http, settings, "https://api.openai.com");
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
        return !request.video() && size(request) != null
                && (request.parameters().inputFiles() == null || request.parameters().inputFiles().isEmpty());
    }

    static String size(ProviderRequest request) {
        Map<String, String> sizes = request.nativeModelId().startsWith("gpt-image-2") ? GPT_IMAGE_2_SIZES : GPT_IMAGE_1_SIZES;
        return sizes.get(request.parameters().ratio());
    }

    @Override
    public CompletableFuture<Submission> submit(ProviderRequest request) {
        var p = request.parameters();
        ObjectNode body = ProviderHttp.json().createObjectNode();
        body.put("model", request.nativeModelId());
        body.put("prompt", p.prompt());
        body.put("n", Math.max(1, p.outputNumber()));
        body.put("size", size(request));
        String format = p.outputFormat() == null ? "png" : p.outputFormat().equals("jpg") ? "jpeg" : p.outputFormat();
        body.put("output_format", format);
        Object quality = p.extras() == null ? null : p.extras().get("generation_quality");
        if (quality != null) {
            body.put("quality", quality.toString());
        }
        long started = System.nanoTime();
        return call("POST", "/v1/images/generations", Map.of("Authorization", "Bearer " + apiKey), body).thenApply(response -> {
            List<ProviderOutput> outputs = new ArrayList<>();
            String extension = extensionFor(request);
            for (JsonNode item : response.path("data")) {
                if (item.hasNonNull("b64_json")) {
                    outputs.add(ProviderOutput.inline(Base64.getDecoder().decode(item.get("b64_json").asText()), contentType(extension), extension));
                } else if (item.hasNonNull("url")) {
                    outputs.add(ProviderOutput.remote(item.get("url").asText(), null, extension));
                }
            }
            String id = "openai-" + UUID.randomUUID();
            if (outputs.isEmpty()) {
                return Submission.completed(id, new PollResult.Failed(ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR, "openai returned no image")));
            }
            return Submission.completed(id, new PollResult.Succeeded(outputs, (System.nanoTime() - started) / 1e9));
        });
    }

    private static String contentType(String extension) {
        return switch (extension) {
            case "jpg" -> "image/jpeg";
            case "webp" -> "image/webp";
            default -> "image/png";
        };
    }

    @Override
    protected String errorMessage(JsonNode body) {
        JsonNode error = body.path("error");
        return error.isObject() ? error.path("message").asText(error.toString()) : super.errorMessage(body);
    }

    @Override
    protected ProviderFailure classify(HttpResponse<String> response, JsonNode body) {
        String code = body.path("error").path("code").asText("");
        String type = body.path("error").path("type").asText("");
        String message = "openai: " + HttpFailures.truncate(errorMessage(body));
        if (code.equals("moderation_blocked") || code.equals("content_policy_violation")) {
            return ProviderFailure.terminal(ErrorCode.CONTENT_POLICY_VIOLATION, message);
        }
        if (code.equals("insufficient_quota") || type.equals("insufficient_quota")) {
            // billing, not throttling: waiting does not help, another provider may
            return new ProviderFailure(ErrorCode.PROVIDER_CREDITS_EXHAUSTED, message, true, null);
        }
        return super.classify(response, body);
    }

    @Override
    public CompletableFuture<PollResult> poll(ProviderRequest request, String predictionId, String handle) {
        // Synchronous: there is nothing to poll. A job taken over mid-call lost its result; fail over.
        return CompletableFuture.completedFuture(new PollResult.Failed(ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR,
                "openai images are synchronous; the result of " + predictionId + " was not recorded")));
    }

    @Override
    public CompletableFuture<Void> cancel(ProviderRequest request, String predictionId, String handle) {
        return CompletableFuture.completedFuture(null);
    }
}
