package ai.babysea.router.provider.bfl;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.router.config.RouterConfig;
import ai.babysea.router.provider.PollResult;
import ai.babysea.router.provider.ProviderFailure;
import ai.babysea.router.provider.ProviderOutput;
import ai.babysea.router.provider.ProviderRequest;
import ai.babysea.router.provider.Submission;
import ai.babysea.router.provider.http.HttpProviderAdapter;
import ai.babysea.router.provider.http.ProviderHttp;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Black Forest Labs direct (`x-key`): `POST /v1/{endpoint}` → `{id, polling_url}`, poll the polling URL
 * verbatim (it encodes region routing) until `Ready` (`result.sample`, a URL that expires in minutes).
 * One image per request, so N outputs are N tasks; the prediction id lists the task ids and the handle keeps
 * their polling URLs. No cancel API: a cancel only stops us from polling.
 */
@Singleton
public class BflAdapter extends HttpProviderAdapter {
    /** Provider id. */
    public static final String ID = "bfl";
    /** Width × height per ratio for width/height endpoints (multiples of 16, about 1 MP). */
    static final Map<String, int[]> SIZES = Map.of("1:1", new int[] {1024, 1024}, "16:9", new int[] {1344, 768},
            "9:16", new int[] {768, 1344}, "4:3", new int[] {1152, 864}, "3:4", new int[] {864, 1152}, "3:2", new int[] {1216, 832},
            "2:3", new int[] {832, 1216}, "21:9", new int[] {1536, 640}, "9:21", new int[] {640, 1536});

    @Inject
    BflAdapter(ProviderHttp http, RouterConfig config) {
        this(http, settings(config, ID));
    }

    /** An adapter with explicit settings (tests). */
    public BflAdapter(ProviderHttp http, RouterConfig.Provider settings) {
        super(http, settings, "https://api.bfl.ai");
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
        String format = request.parameters().outputFormat();
        return !request.video() && (format == null || !format.equals("webp"))
                && (usesAspectRatio(request) || SIZES.containsKey(request.parameters().ratio()));
    }

    private static boolean usesAspectRatio(ProviderRequest request) {
        String endpoint = request.nativeModelId();
        return endpoint.contains("ultra") || endpoint.contains("kontext");
    }

    private Map<String, String> headers() {
        return Map.of("x-key", apiKey);
    }

    @Override
    public CompletableFuture<Submission> submit(ProviderRequest request) {
        int count = Math.max(1, request.parameters().outputNumber());
        List<CompletableFuture<JsonNode>> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tasks.add(call("POST", "/v1/" + request.nativeModelId(), headers(), body(request, i)));
        }
        return CompletableFuture.allOf(tasks.toArray(new CompletableFuture[0])).thenApply(ignored -> {
            List<String> ids = new ArrayList<>();
            var pollingUrls = ProviderHttp.json().createArrayNode();
            for (CompletableFuture<JsonNode> task : tasks) {
                JsonNode answer = task.join();
                ids.add(answer.path("id").asText());
                pollingUrls.add(answer.path("polling_url").asText(baseUrl + "/v1/get_result?id=" + answer.path("id").asText()));
            }
            return Submission.async(String.join(",", ids), pollingUrls.toString());
        });
    }

    ObjectNode body(ProviderRequest request, int index) {
        var p = request.parameters();
        ObjectNode body = ProviderHttp.json().createObjectNode();
        body.put("prompt", p.prompt());
        if (usesAspectRatio(request)) {
            body.put("aspect_ratio", p.ratio());
        } else {
            int[] size = SIZES.get(p.ratio());
            body.put("width", size[0]);
            body.put("height", size[1]);
        }
        body.put("output_format", "jpg".equals(p.outputFormat()) ? "jpeg" : p.outputFormat() == null ? "png" : p.outputFormat());
        Long seed = seed(request);
        if (seed != null) {
            // distinct seeds so N tasks do not return N copies of one image
            body.put("seed", seed + index);
        }
        if (p.inputFiles() != null && !p.inputFiles().isEmpty()) {
            body.put("input_image", p.inputFiles().get(0));
            for (int i = 1; i < p.inputFiles().size() && i < 8; i++) {
                body.put("input_image_" + (i + 1), p.inputFiles().get(i));
            }
        }
        return body;
    }

    @Override
    public CompletableFuture<PollResult> poll(ProviderRequest request, String predictionId, String handle) {
        List<String> urls = pollingUrls(predictionId, handle);
        List<CompletableFuture<JsonNode>> polls = new ArrayList<>();
        for (String url : urls) {
            polls.add(call("GET", url, headers(), null));
        }
        return CompletableFuture.allOf(polls.toArray(new CompletableFuture[0])).thenApply(ignored -> {
            List<ProviderOutput> outputs = new ArrayList<>();
            boolean pending = false;
            for (CompletableFuture<JsonNode> poll : polls) {
                JsonNode result = poll.join();
                String status = result.path("status").asText();
                switch (status) {
                    case "Ready" -> {
                        String sample = result.path("result").path("sample").asText();
                        outputs.add(ProviderOutput.remote(sample, null, extensionOf(sample, extensionFor(request))));
                    }
                    case "Request Moderated", "Content Moderated" -> {
                        return new PollResult.Failed(ProviderFailure.terminal(ErrorCode.CONTENT_POLICY_VIOLATION,
                                "bfl: " + status + " " + result.path("details")));
                    }
                    case "Error", "Failed", "Task not found" -> {
                        return new PollResult.Failed(ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR, "bfl: " + status));
                    }
                    default -> pending = true;
                }
            }
            return pending ? new PollResult.Running(null) : new PollResult.Succeeded(outputs, null);
        });
    }

    private List<String> pollingUrls(String predictionId, String handle) {
        if (handle != null) {
            try {
                List<String> urls = new ArrayList<>();
                ProviderHttp.json().readTree(handle).forEach(url -> urls.add(url.asText()));
                return urls;
            } catch (JsonProcessingException e) {
                // fall back to the documented global endpoint
            }
        }
        return Arrays.stream(predictionId.split(",")).map(id -> baseUrl + "/v1/get_result?id=" + id).toList();
    }

    @Override
    public CompletableFuture<Void> cancel(ProviderRequest request, String predictionId, String handle) {
        return CompletableFuture.completedFuture(null);
    }
}
