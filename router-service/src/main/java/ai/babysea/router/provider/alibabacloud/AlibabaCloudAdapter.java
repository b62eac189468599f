package ai.babysea.router.provider.alibabacloud;

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
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Alibaba Cloud Model Studio (DashScope), asynchronous tasks only: submit with `X-DashScope-Async: enable` —
 * images (Qwen-Image, Wan text-to-image) to `POST /api/v1/services/aigc/text2image/image-synthesis`, video (Wan) to
 * `POST /api/v1/services/aigc/video-generation/video-synthesis` — answered `{output:{task_id, task_status}}`; poll
 * `GET /api/v1/tasks/{task_id}` (`PENDING`, `RUNNING`, `SUCCEEDED`, `FAILED`, `CANCELED`, `UNKNOWN`); outputs are URLs
 * (`output.results[].url`, `output.video_url`) valid for about 24 h. Cancel is `POST /api/v1/tasks/{task_id}/cancel`,
 * which DashScope applies only while the task is still `PENDING`. Errors are `{request_id, code, message}` and are
 * classified by `code` first, since DashScope answers content moderation and overdue accounts with HTTP 400 as well.
 */
@Singleton
public class AlibabaCloudAdapter extends HttpProviderAdapter {
    /** Provider id. */
    public static final String ID = "alibabacloud";
    private static final Logger LOG = Logger.getLogger(AlibabaCloudAdapter.class);
    static final String IMAGE_PATH = "/api/v1/services/aigc/text2image/image-synthesis";
    static final String VIDEO_PATH = "/api/v1/services/aigc/video-generation/video-synthesis";
    /** The five sizes Qwen-Image generates (width*height). */
    static final Map<String, String> QWEN_SIZES = Map.of("1:1", "1328*1328", "16:9", "1664*928", "9:16", "928*1664", "4:3", "1472*1140",
            "3:4", "1140*1472");
    /** Wan text-to-image sizes (width and height within 512..1440). */
    static final Map<String, String> WAN_IMAGE_SIZES = Map.of("1:1", "1024*1024", "16:9", "1280*720", "9:16", "720*1280", "4:3", "1024*768",
            "3:4", "768*1024");
    /** Ratios Wan video takes as `parameters.ratio`. */
    static final Set<String> WAN_VIDEO_RATIOS = Set.of("16:9", "9:16", "1:1", "4:3", "3:4");
    /** Resolutions Wan video takes (`720P`, upper case on the wire). */
    static final Set<String> WAN_VIDEO_RESOLUTIONS = Set.of("480p", "720p", "1080p");
    /** Task time stamps (`2023-12-20 21:36:31.896`, no zone: only their difference is used). */
    private static final DateTimeFormatter TASK_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    @Inject
    AlibabaCloudAdapter(ProviderHttp http, RouterConfig config) {
        this(http, settings(config, ID));
    }

    /** An adapter with explicit settings (tests). */
    public AlibabaCloudAdapter(ProviderHttp http, RouterConfig.Provider settings) {
        super(http, settings, "https://dashscope-intl.aliyuncs.com");
    }

    @Override
    public String providerId() {
        return ID;
    }

    @Override
    public boolean supportsCancel() {
        return true;
    }

    private static boolean qwen(ProviderRequest request) {
        return request.nativeModelId().startsWith("qwen-image");
    }

    @Override
    public boolean supports(ProviderRequest request) {
        var p = request.parameters();
        if (request.video()) {
            return WAN_VIDEO_RATIOS.contains(p.ratio()) && (p.resolution() == null || WAN_VIDEO_RESOLUTIONS.contains(p.resolution()))
                    && !Boolean.TRUE.equals(p.generateAudio()) && (p.inputFiles() == null || p.inputFiles().size() <= 2);
        }
        // text-to-image only, PNG only; Qwen-Image makes one image per task, Wan up to 4
        return !hasInputFiles(request) && (p.outputFormat() == null || p.outputFormat().equals("png"))
                && (qwen(request) ? QWEN_SIZES.containsKey(p.ratio()) && p.outputNumber() <= 1
                        : WAN_IMAGE_SIZES.containsKey(p.ratio()) && p.outputNumber() <= 4);
    }

    private Map<String, String> headers() {
        return Map.of("Authorization", "Bearer " + apiKey);
    }

    @Override
    public CompletableFuture<Submission> submit(ProviderRequest request) {
        Map<String, String> headers = Map.of("Authorization", "Bearer " + apiKey, "X-DashScope-Async", "enable");
        return call("POST", request.video() ? VIDEO_PATH : IMAGE_PATH, headers, body(request)).thenApply(answer -> {
            String taskId = answer.path("output").path("task_id").asText("");
            if (taskId.isEmpty()) {
                throw new ProviderException(ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR, "alibabacloud accepted the task without a task_id"));
            }
            return Submission.async(taskId);
        });
    }

    ObjectNode body(ProviderRequest request) {
        var p = request.parameters();
        ObjectNode body = ProviderHttp.json().createObjectNode();
        body.put("model", request.nativeModelId());
        ObjectNode input = body.putObject("input");
        input.put("prompt", p.prompt());
        ObjectNode parameters = body.putObject("parameters");
        if (request.video()) {
            if (p.inputFiles() != null && !p.inputFiles().isEmpty()) {
                var media = input.putArray("media");
                media.addObject().put("type", "first_frame").put("url", p.inputFiles().get(0));
                if (p.inputFiles().size() > 1) {
                    media.addObject().put("type", "last_frame").put("url", p.inputFiles().get(1));
                }
            }
            if (p.resolution() != null) {
                parameters.put("resolution", p.resolution().toUpperCase(Locale.ROOT));
            }
            parameters.put("ratio", p.ratio());
            if (p.durationSeconds() != null) {
                parameters.put("duration", p.durationSeconds());
            }
        } else {
            parameters.put("size", (qwen(request) ? QWEN_SIZES : WAN_IMAGE_SIZES).get(p.ratio()));
            parameters.put("n", Math.max(1, p.outputNumber()));
        }
        // the prompt is used as written (DashScope would otherwise rewrite it with an LLM first), and no watermark
        parameters.put("prompt_extend", false);
        parameters.put("watermark", false);
        Long seed = seed(request);
        if (seed != null) {
            parameters.put("seed", seed);
        }
        return body;
    }

    @Override
    public CompletableFuture<PollResult> poll(ProviderRequest request, String predictionId, String handle) {
        return call("GET", "/api/v1/tasks/" + predictionId, headers(), null).thenApply(task -> toResult(task, request));
    }

    /** Maps a task object to our normalized state. */
    PollResult toResult(JsonNode task, ProviderRequest request) {
        JsonNode output = task.path("output");
        String status = output.path("task_status").asText();
        switch (status) {
            case "PENDING", "RUNNING":
                return new PollResult.Running(null);
            case "SUCCEEDED":
                return succeeded(output, request);
            case "FAILED":
                return new PollResult.Failed(taskFailure(output.path("code").asText(""), output.path("message").asText("task failed")));
            case "CANCELED":
                return new PollResult.Failed(ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR, "alibabacloud: task canceled"));
            case "UNKNOWN":
                // the task id is unknown or its record expired (kept 24 h): nothing will ever come
                return new PollResult.Failed(ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR, "alibabacloud: task unknown or expired"));
            default:
                LOG.warnf("alibabacloud task %s has unknown status %s; treating as running", output.path("task_id").asText(), status);
                return new PollResult.Running(null);
        }
    }

    private PollResult succeeded(JsonNode output, ProviderRequest request) {
        List<ProviderOutput> outputs = new ArrayList<>();
        String extension = extensionFor(request);
        if (output.hasNonNull("video_url")) {
            String url = output.get("video_url").asText();
            outputs.add(ProviderOutput.remote(url, null, extensionOf(url, extension)));
        }
        ProviderFailure partial = null;
        for (JsonNode result : output.path("results")) {
            if (result.hasNonNull("url")) {
                String url = result.get("url").asText();
                outputs.add(ProviderOutput.remote(url, null, extensionOf(url, extension)));
            } else if (result.hasNonNull("code") && partial == null) {
                // a sub-task failed: the generation was paid for all outputs, so it cannot succeed with fewer
                partial = taskFailure(result.get("code").asText(), result.path("message").asText("sub-task failed"));
            }
        }
        if (partial != null) {
            return new PollResult.Failed(partial);
        }
        int expected = request.video() ? 1 : Math.max(1, request.parameters().outputNumber());
        if (outputs.size() < expected) {
            return new PollResult.Failed(ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR,
                    "alibabacloud returned " + outputs.size() + " of " + expected + " outputs"));
        }
        return new PollResult.Succeeded(outputs, runSeconds(output));
    }

    /** Seconds from scheduling to the end of the task, when DashScope reports both. */
    static Double runSeconds(JsonNode output) {
        try {
            LocalDateTime scheduled = LocalDateTime.parse(output.path("scheduled_time").asText(""), TASK_TIME);
            LocalDateTime end = LocalDateTime.parse(output.path("end_time").asText(""), TASK_TIME);
            Duration run = Duration.between(scheduled, end);
            return run.isNegative() ? null : run.toMillis() / 1000.0;
        } catch (DateTimeParseException absent) {
            return null;
        }
    }

    @Override
    protected String errorMessage(JsonNode body) {
        return body.hasNonNull("message") ? body.get("message").asText() : super.errorMessage(body);
    }

    @Override
    protected ProviderFailure classify(HttpResponse<String> response, JsonNode body) {
        String code = body.path("code").asText("");
        ProviderFailure known = byCode(code, errorMessage(body), HttpFailures.retryAfter(response.headers()).orElse(null));
        return known != null ? known
                : HttpFailures.classify(ID, response.statusCode(), response.headers(), (code.isEmpty() ? "" : code + ": ") + errorMessage(body));
    }

    /** A failed task or sub-task: its code decides; an unknown code may succeed elsewhere. */
    private static ProviderFailure taskFailure(String code, String message) {
        ProviderFailure known = byCode(code, message, null);
        return known != null ? known : ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR, "alibabacloud: " + code + ": " + message);
    }

    /**
     * DashScope's error codes, which decide before the HTTP status: content moderation, an overdue account and bad
     * parameters are all HTTP 400. Null for a code not listed here.
     */
    static ProviderFailure byCode(String code, String message, Duration retryAfter) {
        String text = "alibabacloud: " + code + ": " + HttpFailures.truncate(message);
        if (code.startsWith("DataInspection") || code.equals("IPInfringementSuspect")) {
            return ProviderFailure.terminal(ErrorCode.CONTENT_POLICY_VIOLATION, text);
        }
        if (code.equals("Arrearage")) {
            // billing, not throttling: another provider may still serve it
            return new ProviderFailure(ErrorCode.PROVIDER_CREDITS_EXHAUSTED, text, true, null);
        }
        if (code.startsWith("Throttling")) {
            return new ProviderFailure(ErrorCode.PROVIDER_RATE_LIMITED, text, true, retryAfter);
        }
        if (code.equals("InvalidApiKey") || code.contains("AccessDenied")) {
            return new ProviderFailure(ErrorCode.PROVIDER_AUTH_ERROR, text, true, null);
        }
        if (code.equals("ModelNotFound") || code.equals("WorkSpaceNotFound")) {
            // a model or workspace this key cannot reach: configuration, not the user's input
            return new ProviderFailure(ErrorCode.PROVIDER_ERROR, text, true, null);
        }
        if (code.startsWith("InvalidParameter") || code.startsWith("BadRequest") || code.equals("InvalidURL")) {
            return ProviderFailure.terminal(ErrorCode.PROVIDER_INVALID_INPUT, text);
        }
        if (code.startsWith("InternalError") || code.equals("SystemError")) {
            return new ProviderFailure(ErrorCode.PROVIDER_ERROR, text, true, retryAfter);
        }
        return null;
    }

    @Override
    public CompletableFuture<Void> cancel(ProviderRequest request, String predictionId, String handle) {
        return http.send("POST", baseUrl + "/api/v1/tasks/" + predictionId + "/cancel", headers(), null).thenApply(response -> {
            // 4xx: the task already runs (DashScope cancels PENDING tasks only) or is gone; nothing more to do
            if (response.statusCode() >= 500) {
                throw new ProviderException(classify(response, ProviderHttp.parse(response.body())));
            }
            return null;
        });
    }
}
