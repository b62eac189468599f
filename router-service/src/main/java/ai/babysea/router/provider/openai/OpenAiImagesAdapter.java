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
import ai.babysea.router.provider.http.InputFiles;
import ai.babysea.router.provider.http.ProviderHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * OpenAI Images: synchronous, the HTTP call is the job; GPT image models always answer base64
 * (`data[].b64_json`), so outputs are inline and the prediction id is ours. Text-to-image is
 * `POST /v1/images/generations` (JSON); with input files it is `POST /v1/images/edits` (multipart/form-data):
 * the files are downloaded first ({@link ai.babysea.router.provider.http.InputFiles}) and sent as the
 * `image` part, or as repeated `image[]` parts when there are several (at most {@value #MAX_EDIT_IMAGES}).
 */
@Singleton
public class OpenAiImagesAdapter extends HttpProviderAdapter {
    /** Provider id. */
    public static final String ID = "openai";
    /** Most input images of one edit request (GPT image models). */
    static final int MAX_EDIT_IMAGES = 16;
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
                && (!hasInputFiles(request) || request.parameters().inputFiles().size() <= MAX_EDIT_IMAGES);
    }

    static String size(ProviderRequest request) {
        Map<String, String> sizes = request.nativeModelId().startsWith("gpt-image-2") ? GPT_IMAGE_2_SIZES : GPT_IMAGE_1_SIZES;
        return sizes.get(request.parameters().ratio());
    }

    /** The form fields both endpoints share, in order (`image` parts excluded). */
    static Map<String, String> fields(ProviderRequest request) {
        var p = request.parameters();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("model", request.nativeModelId());
        fields.put("prompt", p.prompt());
        fields.put("n", Integer.toString(Math.max(1, p.outputNumber())));
        fields.put("size", size(request));
        fields.put("output_format", p.outputFormat() == null ? "png" : p.outputFormat().equals("jpg") ? "jpeg" : p.outputFormat());
        Object quality = p.extras() == null ? null : p.extras().get("generation_quality");
        if (quality != null) {
            fields.put("quality", quality.toString());
        }
        return fields;
    }

    @Override
    public CompletableFuture<Submission> submit(ProviderRequest request) {
        Map<String, String> fields = fields(request);
        Map<String, String> headers = Map.of("Authorization", "Bearer " + apiKey);
        long started = System.nanoTime();
        CompletableFuture<JsonNode> response;
        if (hasInputFiles(request)) {
            response = http.inputFiles().fetchAll(request.parameters().inputFiles()).thenCompose(files -> {
                MultipartForm form = new MultipartForm();
                fields.forEach(form::field);
                String part = files.size() == 1 ? "image" : "image[]";
                for (int i = 0; i < files.size(); i++) {
                    InputFiles.InputFile file = files.get(i);
                    form.file(part, "input-" + i + "." + file.extension(), file.mimeType(), file.content());
                }
                return call("POST", "/v1/images/edits", headers, form.toByteArray(), form.contentType());
            });
        } else {
            ObjectNode body = ProviderHttp.json().createObjectNode();
            fields.forEach((name, value) -> {
                if (name.equals("n")) {
                    body.put(name, Integer.parseInt(value));
                } else {
                    body.put(name, value);
                }
            });
            response = call("POST", "/v1/images/generations", headers, body);
        }
        return response.thenApply(answer -> completed(request, answer, started));
    }

    private static Submission completed(ProviderRequest request, JsonNode response, long started) {
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
