package ai.babysea.router.provider.replicate;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.router.config.RouterConfig;
import ai.babysea.router.provider.Lookup;
import ai.babysea.router.provider.PollResult;
import ai.babysea.router.provider.ProviderFailure;
import ai.babysea.router.provider.ProviderOutput;
import ai.babysea.router.provider.ProviderRequest;
import ai.babysea.router.provider.Submission;
import ai.babysea.router.provider.http.HttpProviderAdapter;
import ai.babysea.router.provider.http.ProviderHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Replicate predictions API: `POST /v1/models/{owner}/{name}/predictions` (or `/v1/predictions` with a
 * version), poll `GET /v1/predictions/{id}`, cancel `POST /v1/predictions/{id}/cancel`; outputs are URLs
 * (a string or an array); completion by polling, plus signed webhooks when a webhook base URL is set. A submit whose
 * answer was lost is found again in the recent predictions list by the exact input it sent ({@link #find}).
 */
@Singleton
public class ReplicateAdapter extends HttpProviderAdapter {
    /** Provider id. */
    public static final String ID = "replicate";
    private static final Logger LOG = Logger.getLogger(ReplicateAdapter.class);
    /** Ratios the FLUX schnell/dev family accepts as `aspect_ratio` (cog-flux); other ratios skip Replicate for them. */
    static final Set<String> FLUX_RATIOS = Set.of("1:1", "16:9", "21:9", "2:3", "3:2", "4:5", "5:4", "9:16", "9:21");
    private static final Set<String> CONTENT_POLICY_HINTS = Set.of("nsfw", "safety", "flagged", "sensitive", "content policy");

    /** Pages of the predictions list read when looking for a lost submit (100 predictions each). */
    private static final int LOOKUP_PAGES = 5;
    /** How much earlier than our submit a prediction may say it was created (clock skew between us and Replicate). */
    private static final long LOOKUP_SKEW_MS = 60_000;

    private final Optional<String> webhookBaseUrl;
    private final long cancelAfterSeconds;

    @Inject
    ReplicateAdapter(ProviderHttp http, RouterConfig config) {
        this(http, settings(config, ID), config.webhookBaseUrl(), config.worker().attemptTimeoutVideo().toSeconds());
    }

    /** An adapter with explicit settings (tests). */
    public ReplicateAdapter(ProviderHttp http, RouterConfig.Provider settings, Optional<String> webhookBaseUrl, long cancelAfterSeconds) {
        super(http, settings, "https://api.replicate.com");
        this.webhookBaseUrl = webhookBaseUrl;
        this.cancelAfterSeconds = cancelAfterSeconds;
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
        String model = request.nativeModelId();
        boolean fluxFamily = model.startsWith("black-forest-labs/flux-schnell") || model.startsWith("black-forest-labs/flux-dev");
        return !fluxFamily || FLUX_RATIOS.contains(request.parameters().ratio());
    }

    private Map<String, String> headers() {
        return Map.of("Authorization", "Bearer " + apiKey);
    }

    @Override
    public CompletableFuture<Submission> submit(ProviderRequest request) {
        ObjectNode body = ProviderHttp.json().createObjectNode();
        String model = request.nativeModelId();
        String path;
        if (model.contains(":")) {
            path = "/v1/predictions";
            body.put("version", model);
        } else {
            path = "/v1/models/" + model + "/predictions";
        }
        body.set("input", input(request));
        webhookBaseUrl.ifPresent(base -> {
            body.put("webhook", base.replaceAll("/+$", "") + "/provider-webhooks/replicate");
            body.putArray("webhook_events_filter").add("completed");
        });
        Map<String, String> headers = Map.of("Authorization", "Bearer " + apiKey,
                // bounds what an abandoned prediction can cost us
                "Cancel-After", cancelAfterSeconds + "s");
        return call("POST", path, headers, body).thenApply(prediction -> {
            String id = prediction.path("id").asText();
            PollResult state = toResult(prediction, request);
            return state instanceof PollResult.Running ? Submission.async(id) : new Submission(id, null, state);
        });
    }

    ObjectNode input(ProviderRequest request) {
        ObjectNode input = ProviderHttp.json().createObjectNode();
        var p = request.parameters();
        input.put("prompt", p.prompt());
        if (p.ratio() != null) {
            input.put("aspect_ratio", p.ratio());
        }
        if (request.video()) {
            if (p.durationSeconds() != null) {
                input.put("duration", p.durationSeconds());
            }
            if (p.resolution() != null) {
                input.put("resolution", p.resolution());
            }
            if (p.generateAudio() != null) {
                input.put("generate_audio", p.generateAudio());
            }
            if (p.inputFiles() != null && !p.inputFiles().isEmpty()) {
                input.put("image", p.inputFiles().get(0));
            }
        } else {
            if (p.outputNumber() > 1) {
                input.put("num_outputs", p.outputNumber());
            }
            if (p.outputFormat() != null) {
                // Replicate FLUX wants `jpg`, not `jpeg`
                input.put("output_format", p.outputFormat().equals("jpeg") ? "jpg" : p.outputFormat());
            }
            if (p.inputFiles() != null && !p.inputFiles().isEmpty()) {
                if (request.nativeModelId().contains("flux-2")) {
                    var images = input.putArray("input_images");
                    p.inputFiles().forEach(images::add);
                } else {
                    input.put("image", p.inputFiles().get(0));
                }
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
        return call("GET", "/v1/predictions/" + predictionId, headers(), null).thenApply(p -> toResult(p, request));
    }

    @Override
    public CompletableFuture<Void> cancel(ProviderRequest request, String predictionId, String handle) {
        return call("POST", "/v1/predictions/" + predictionId + "/cancel", headers(), null).thenApply(ignored -> null);
    }

    /**
     * Looks for the prediction a lost submit may have created: the predictions created since shortly before the submit
     * whose model and input are exactly what we sent. One match is ours; none means it was not created; several (two
     * generations with the same input at the same moment) cannot be told apart, and the attempt is written off.
     */
    @Override
    public CompletableFuture<Lookup> find(ProviderRequest request, long submittedAtMs) {
        ObjectNode sent = input(request);
        String since = java.time.Instant.ofEpochMilli(submittedAtMs - LOOKUP_SKEW_MS).toString();
        return page("/v1/predictions?created_after=" + java.net.URLEncoder.encode(since, java.nio.charset.StandardCharsets.UTF_8),
                request, sent, new ArrayList<>(), 1);
    }

    private CompletableFuture<Lookup> page(String path, ProviderRequest request, ObjectNode sent, List<String> matches, int page) {
        return call("GET", path, headers(), null).thenCompose(list -> {
            for (JsonNode prediction : list.path("results")) {
                if (sameModel(prediction, request.nativeModelId()) && sent.equals(SAME_VALUE, prediction.path("input"))) {
                    matches.add(prediction.path("id").asText());
                }
            }
            String next = list.path("next").asText("");
            if (!next.isEmpty() && page < LOOKUP_PAGES) {
                // `next` is a full URL on api.replicate.com; keep its path and query on our configured base URL
                java.net.URI uri = java.net.URI.create(next);
                return page(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()), request, sent, matches, page + 1);
            }
            Lookup found = matches.size() == 1 ? new Lookup.Found(matches.get(0), null)
                    : matches.isEmpty() ? new Lookup.NotFound()
                    : Lookup.unsupported(matches.size() + " recent predictions have exactly this input");
            return CompletableFuture.completedFuture(found);
        });
    }

    /** JSON equality where numbers compare by value (we send a seed as a long, Replicate echoes it as a plain number). */
    private static final java.util.Comparator<JsonNode> SAME_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private static boolean sameModel(JsonNode prediction, String nativeModelId) {
        if (nativeModelId.contains(":")) {
            return nativeModelId.endsWith(":" + prediction.path("version").asText("-"));
        }
        return nativeModelId.equals(prediction.path("model").asText());
    }

    /** Maps a prediction object (poll answer or webhook body) to our normalized state. */
    PollResult toResult(JsonNode prediction, ProviderRequest request) {
        String status = prediction.path("status").asText();
        switch (status) {
            case "starting", "processing":
                return new PollResult.Running(null);
            case "succeeded": {
                List<ProviderOutput> outputs = new ArrayList<>();
                JsonNode output = prediction.get("output");
                if (output != null && output.isArray()) {
                    output.forEach(url -> outputs.add(remote(url.asText(), request)));
                } else if (output != null && output.isTextual()) {
                    outputs.add(remote(output.asText(), request));
                }
                if (outputs.isEmpty()) {
                    return new PollResult.Failed(ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR,
                            "replicate succeeded without output" + (prediction.path("data_removed").asBoolean() ? " (data removed)" : "")));
                }
                JsonNode predictTime = prediction.path("metrics").get("predict_time");
                return new PollResult.Succeeded(outputs, predictTime == null || !predictTime.isNumber() ? null : predictTime.asDouble());
            }
            case "failed": {
                String error = prediction.path("error").asText("prediction failed");
                String lower = error.toLowerCase(Locale.ROOT);
                if (CONTENT_POLICY_HINTS.stream().anyMatch(lower::contains)) {
                    return new PollResult.Failed(ProviderFailure.terminal(ErrorCode.CONTENT_POLICY_VIOLATION, "replicate: " + error));
                }
                return new PollResult.Failed(ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR, "replicate: " + error));
            }
            case "canceled":
                return new PollResult.Failed(ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR, "replicate: prediction canceled"));
            case "aborted":
                // Cancel-After hit before it started: not billed, another provider may do better
                return new PollResult.Failed(ProviderFailure.retryable(ErrorCode.PROVIDER_TIMEOUT, "replicate: prediction aborted before start"));
            default:
                LOG.warnf("replicate prediction %s has unknown status %s; treating as running", prediction.path("id").asText(), status);
                return new PollResult.Running(null);
        }
    }

    private static ProviderOutput remote(String url, ProviderRequest request) {
        return ProviderOutput.remote(url, null, extensionOf(url, extensionFor(request)));
    }
}
