package ai.babysea.router.provider.byteplus;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.router.config.RouterConfig;
import ai.babysea.router.provider.Lookup;
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
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * BytePlus ModelArk (`Authorization: Bearer`): Seedream images through `POST /api/v3/images/generations`
 * (synchronous, URLs) and Seedance video through `POST /api/v3/contents/generations/tasks`, polled at
 * `GET .../tasks/{id}` (`queued|running|succeeded|failed|cancelled|expired`); cancel is `DELETE .../tasks/{id}`
 * (queued tasks only, best effort). Errors use an OpenAI-style envelope with ModelArk codes.
 */
@Singleton
public class BytePlusAdapter extends HttpProviderAdapter {
    /** Provider id. */
    public static final String ID = "byteplus";
    static final Map<String, String> IMAGE_SIZES = Map.of("1:1", "2048x2048", "16:9", "2560x1440", "9:16", "1440x2560",
            "4:3", "2304x1728", "3:4", "1728x2304", "3:2", "2496x1664", "2:3", "1664x2496", "21:9", "3024x1296");
    static final Set<String> VIDEO_RATIOS = Set.of("16:9", "4:3", "1:1", "3:4", "9:16", "21:9");

    @Inject
    BytePlusAdapter(ProviderHttp http, RouterConfig config) {
        this(http, settings(config, ID));
    }

    /** An adapter with explicit settings (tests). */
    public BytePlusAdapter(ProviderHttp http, RouterConfig.Provider settings) {
        super(http, settings, "https://ark.ap-southeast.bytepluses.com");
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
        return request.video() ? VIDEO_RATIOS.contains(request.parameters().ratio()) : IMAGE_SIZES.containsKey(request.parameters().ratio());
    }

    private Map<String, String> headers() {
        return Map.of("Authorization", "Bearer " + apiKey);
    }

    @Override
    public CompletableFuture<Submission> submit(ProviderRequest request) {
        var p = request.parameters();
        ObjectNode body = ProviderHttp.json().createObjectNode();
        body.put("model", request.nativeModelId());
        Long seed = seed(request);
        if (seed != null) {
            body.put("seed", seed);
        } else if (request.video()) {
            // no seed asked for: one derived from the attempt (as random for the user), which the task echoes, so a
            // task whose create answer was lost can be found again (find)
            body.put("seed", attemptSeed(request));
        }
        body.put("watermark", false);
        if (request.video()) {
            var content = body.putArray("content");
            content.addObject().put("type", "text").put("text", p.prompt());
            if (p.inputFiles() != null && !p.inputFiles().isEmpty()) {
                ObjectNode image = content.addObject().put("type", "image_url").put("role", "first_frame");
                image.putObject("image_url").put("url", p.inputFiles().get(0));
            }
            body.put("ratio", p.ratio());
            if (p.durationSeconds() != null) {
                body.put("duration", p.durationSeconds());
            }
            if (p.resolution() != null) {
                body.put("resolution", p.resolution());
            }
            if (p.generateAudio() != null) {
                body.put("generate_audio", p.generateAudio());
            }
            return call("POST", "/api/v3/contents/generations/tasks", headers(), body)
                    .thenApply(task -> Submission.async(task.path("id").asText()));
        }
        body.put("prompt", p.prompt());
        body.put("size", IMAGE_SIZES.get(p.ratio()));
        body.put("response_format", "url");
        int count = Math.max(1, p.outputNumber());
        if (count > 1) {
            body.put("sequential_image_generation", "auto");
            body.putObject("sequential_image_generation_options").put("max_images", count);
        } else {
            body.put("sequential_image_generation", "disabled");
        }
        if (p.inputFiles() != null && !p.inputFiles().isEmpty()) {
            var images = body.putArray("image");
            p.inputFiles().forEach(images::add);
        }
        long started = System.nanoTime();
        return call("POST", "/api/v3/images/generations", headers(), body).thenApply(response -> {
            List<ProviderOutput> outputs = new ArrayList<>();
            for (JsonNode item : response.path("data")) {
                if (item.hasNonNull("url")) {
                    outputs.add(ProviderOutput.remote(item.get("url").asText(), null, extensionOf(item.get("url").asText(), "jpg")));
                }
            }
            String id = "byteplus-" + UUID.randomUUID();
            if (outputs.isEmpty()) {
                JsonNode error = response.path("error");
                return Submission.completed(id, new PollResult.Failed(failureOf(error.path("code").asText(""), error.path("message").asText("no image"))));
            }
            return Submission.completed(id, new PollResult.Succeeded(outputs, (System.nanoTime() - started) / 1e9));
        });
    }

    /** The seed a video task of this attempt carries when the request names none: stable per attempt, 0 .. 2^31-2. */
    public static long attemptSeed(ProviderRequest request) {
        java.util.UUID hash = java.util.UUID.nameUUIDFromBytes(request.attemptKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return Math.floorMod(hash.getMostSignificantBits(), (long) Integer.MAX_VALUE);
    }

    /** How much earlier than our submit a task may say it was created (clock skew), in seconds. */
    private static final long LOOKUP_SKEW_SECONDS = 60;

    /**
     * Looks for the video task a lost create may have made: the newest tasks of the model (one page of 100) created since
     * shortly before the submit, with our seed (the user's, or the one derived from the attempt). Images are created
     * synchronously and leave no task to find.
     */
    @Override
    public CompletableFuture<Lookup> find(ProviderRequest request, long submittedAtMs) {
        if (!request.video()) {
            return CompletableFuture.completedFuture(Lookup.unsupported("byteplus images are synchronous and leave no task to look up"));
        }
        Long requested = seed(request);
        long seed = requested != null ? requested : attemptSeed(request);
        String path = "/api/v3/contents/generations/tasks?page_num=1&page_size=100&filter.model="
                + java.net.URLEncoder.encode(request.nativeModelId(), java.nio.charset.StandardCharsets.UTF_8);
        long since = submittedAtMs / 1000 - LOOKUP_SKEW_SECONDS;
        return call("GET", path, headers(), null).thenApply(list -> {
            List<String> matches = new ArrayList<>();
            for (JsonNode task : list.path("items")) {
                if (task.path("seed").asLong(Long.MIN_VALUE) == seed && task.path("created_at").asLong(0) >= since) {
                    matches.add(task.path("id").asText());
                }
            }
            return matches.size() == 1 ? new Lookup.Found(matches.get(0), null)
                    : matches.isEmpty() ? new Lookup.NotFound()
                    : Lookup.unsupported(matches.size() + " recent tasks of the model have this seed");
        });
    }

    @Override
    public CompletableFuture<PollResult> poll(ProviderRequest request, String predictionId, String handle) {
        if (!request.video()) {
            return CompletableFuture.completedFuture(new PollResult.Failed(ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR,
                    "byteplus images are synchronous; the result of " + predictionId + " was not recorded")));
        }
        return call("GET", "/api/v3/contents/generations/tasks/" + predictionId, headers(), null).thenApply(task -> {
            switch (task.path("status").asText()) {
                case "succeeded": {
                    String url = task.path("content").path("video_url").asText(null);
                    return url == null ? new PollResult.Failed(ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR, "byteplus: no video_url"))
                            : new PollResult.Succeeded(List.of(ProviderOutput.remote(url, "video/mp4", "mp4")), null);
                }
                case "failed", "expired": {
                    JsonNode error = task.path("error");
                    return new PollResult.Failed(failureOf(error.path("code").asText(task.path("status").asText()),
                            error.path("message").asText("task " + task.path("status").asText())));
                }
                case "cancelled":
                    return new PollResult.Failed(ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR, "byteplus: task cancelled"));
                default:
                    return new PollResult.Running(null);
            }
        });
    }

    private static ProviderFailure failureOf(String code, String message) {
        String text = "byteplus: " + code + " " + HttpFailures.truncate(message);
        if (code.contains("SensitiveContent")) {
            return ProviderFailure.terminal(ErrorCode.CONTENT_POLICY_VIOLATION, text);
        }
        return ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR, text);
    }

    @Override
    protected ProviderFailure classify(HttpResponse<String> response, JsonNode body) {
        String code = body.path("error").path("code").asText("");
        String message = "byteplus: " + code + " " + HttpFailures.truncate(body.path("error").path("message").asText(""));
        if (code.contains("SensitiveContent")) {
            return ProviderFailure.terminal(ErrorCode.CONTENT_POLICY_VIOLATION, message);
        }
        if (code.equals("AccountOverdueError")) {
            return new ProviderFailure(ErrorCode.PROVIDER_CREDITS_EXHAUSTED, message, true, null);
        }
        if (code.equals("ModelNotOpen") || code.startsWith("InvalidEndpointOrModel")) {
            return new ProviderFailure(ErrorCode.PROVIDER_ERROR, message, true, null);
        }
        return HttpFailures.classify(ID, response.statusCode(), response.headers(), message);
    }

    @Override
    public CompletableFuture<Void> cancel(ProviderRequest request, String predictionId, String handle) {
        if (!request.video()) {
            return CompletableFuture.completedFuture(null);
        }
        return http.send("DELETE", baseUrl + "/api/v3/contents/generations/tasks/" + predictionId, headers(), null).thenApply(response -> {
            // a running task cannot be cancelled (4xx): best effort, the result is ignored after our cancel anyway
            if (response.statusCode() >= 500) {
                throw new ProviderException(classify(response, ProviderHttp.parse(response.body())));
            }
            return null;
        });
    }
}
