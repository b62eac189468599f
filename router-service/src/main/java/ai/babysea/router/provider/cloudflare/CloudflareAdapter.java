package ai.babysea.router.provider.cloudflare;

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
import ai.babysea.router.provider.http.InputFiles;
import ai.babysea.router.provider.http.ProviderHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Cloudflare Workers AI, synchronous: `POST /accounts/{account_id}/ai/run/{model}` (`Authorization: Bearer <API token>`)
 * is the whole job. FLUX.1 schnell answers the v4 envelope `{"result":{"image":"<base64 JPEG>"},"success":true,...}`;
 * the Stable Diffusion family answers the PNG bytes themselves — the answer's Content-Type decides. One image per call
 * (N outputs are N calls, seeds N apart), square only (no size parameter is sent), so other ratios skip Cloudflare;
 * no cancel API exists for a call that is already the result. Errors are `{"success":false,"errors":[{code,message}]}`
 * with Workers AI's internal codes (3036 daily allocation used up, 3040 out of capacity, 5007 no such model, ...).
 */
@Singleton
public class CloudflareAdapter extends HttpProviderAdapter {
    /** Provider id. */
    public static final String ID = "cloudflare";
    /** Native models and the one format each produces; a model missing here is not offered to Cloudflare. */
    static final Map<String, String> FORMATS = Map.of(
            "@cf/black-forest-labs/flux-1-schnell", "jpg",
            "@cf/stabilityai/stable-diffusion-xl-base-1.0", "png",
            "@cf/bytedance/stable-diffusion-xl-lightning", "png",
            "@cf/lykon/dreamshaper-8-lcm", "png");
    /** FLUX.1 schnell takes at most 8 steps. */
    static final int MAX_FLUX_STEPS = 8;
    private static final Set<String> CONTENT_POLICY_HINTS = Set.of("nsfw", "content policy", "safety", "flagged", "inappropriate");

    private final String accountId;

    @Inject
    CloudflareAdapter(ProviderHttp http, RouterConfig config) {
        this(http, settings(config, ID), accountIdOf(settings(config, ID)));
    }

    /** An adapter with explicit settings and account (tests). */
    public CloudflareAdapter(ProviderHttp http, RouterConfig.Provider settings, String accountId) {
        super(http, settings, "https://api.cloudflare.com/client/v4");
        this.accountId = accountId == null || accountId.isBlank() ? null : accountId;
    }

    private static String accountIdOf(RouterConfig.Provider settings) {
        return settings == null ? null : settings.accountId().orElse(null);
    }

    @Override
    public String providerId() {
        return ID;
    }

    /** Both the API token and the account id are needed to call Workers AI. */
    @Override
    public boolean configured() {
        return super.configured() && accountId != null;
    }

    @Override
    public boolean supportsCancel() {
        return false;
    }

    @Override
    public boolean supports(ProviderRequest request) {
        String format = FORMATS.get(request.nativeModelId());
        String wanted = request.parameters().outputFormat();
        return !request.video() && format != null && "1:1".equals(request.parameters().ratio()) && !hasInputFiles(request)
                && (wanted == null || wanted.equals(format));
    }

    @Override
    public CompletableFuture<Submission> submit(ProviderRequest request) {
        int count = Math.max(1, request.parameters().outputNumber());
        String url = baseUrl + "/accounts/" + accountId + "/ai/run/" + request.nativeModelId();
        Map<String, String> headers = Map.of("Authorization", "Bearer " + apiKey);
        long started = System.nanoTime();
        List<CompletableFuture<ProviderOutput>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            calls.add(http.sendForBytes("POST", url, headers, body(request, i)).thenApply(this::output));
        }
        return CompletableFuture.allOf(calls.toArray(new CompletableFuture[0])).thenApply(ignored -> {
            List<ProviderOutput> outputs = calls.stream().map(CompletableFuture::join).toList();
            return Submission.completed("cloudflare-" + UUID.randomUUID(), new PollResult.Succeeded(outputs, (System.nanoTime() - started) / 1e9));
        });
    }

    ObjectNode body(ProviderRequest request, int index) {
        ObjectNode body = ProviderHttp.json().createObjectNode();
        body.put("prompt", request.parameters().prompt());
        Object steps = request.parameters().extras() == null ? null : request.parameters().extras().get("generation_num_inference_steps");
        if (steps instanceof Number number) {
            int value = number.intValue();
            body.put("steps", request.nativeModelId().contains("flux") ? Math.min(value, MAX_FLUX_STEPS) : value);
        }
        Long seed = seed(request);
        if (seed != null) {
            // distinct seeds so N calls do not return N copies of one image
            body.put("seed", seed + index);
        }
        return body;
    }

    /** One answer: image bytes, or the JSON envelope with a base64 image; an error answer becomes a classified failure. */
    ProviderOutput output(HttpResponse<byte[]> response) {
        byte[] body = response.body() == null ? new byte[0] : response.body();
        String contentType = response.headers().firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
        if (response.statusCode() / 100 == 2 && contentType.startsWith("image/")) {
            return image(body);
        }
        JsonNode json = ProviderHttp.parse(new String(body, StandardCharsets.UTF_8));
        if (response.statusCode() / 100 != 2 || json.path("success").isBoolean() && !json.path("success").asBoolean()) {
            throw new ProviderException(classify(response.statusCode(), response.headers(), json));
        }
        JsonNode image = json.path("result").path("image");
        if (!image.isTextual() || image.asText().isEmpty()) {
            throw new ProviderException(ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR, "cloudflare answered without an image"));
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(image.asText());
        } catch (IllegalArgumentException e) {
            throw new ProviderException(ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR, "cloudflare answered an image that is not base64"));
        }
        return image(decoded);
    }

    /** Bytes are kept only if they are a PNG, JPEG or WebP image, typed by their signature. */
    private static ProviderOutput image(byte[] content) {
        String mimeType = InputFiles.sniff(content);
        if (mimeType == null) {
            throw new ProviderException(ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR, "cloudflare answered bytes that are not an image"));
        }
        String extension = switch (mimeType) {
            case "image/jpeg" -> "jpg";
            case "image/webp" -> "webp";
            default -> "png";
        };
        return ProviderOutput.inline(content, mimeType, extension);
    }

    /** Workers AI's internal error codes first, then the HTTP status. */
    ProviderFailure classify(int status, HttpHeaders headers, JsonNode body) {
        JsonNode first = body.path("errors").path(0);
        int code = first.path("code").asInt(0);
        String message = first.path("message").asText(body.toString());
        String text = "cloudflare: " + (code == 0 ? "" : code + ": ") + HttpFailures.truncate(message);
        String lower = message.toLowerCase(Locale.ROOT);
        if (CONTENT_POLICY_HINTS.stream().anyMatch(lower::contains)) {
            return ProviderFailure.terminal(ErrorCode.CONTENT_POLICY_VIOLATION, text);
        }
        Optional<Duration> retryAfter = HttpFailures.retryAfter(headers);
        return switch (code) {
            // the account's daily free allocation is used up: waiting minutes does not help, another provider may
            case 3036 -> new ProviderFailure(ErrorCode.PROVIDER_CREDITS_EXHAUSTED, text, true, null);
            case 3040 -> new ProviderFailure(ErrorCode.PROVIDER_CAPACITY, text, true, retryAfter.orElse(null));
            case 5007, 3042 -> new ProviderFailure(ErrorCode.PROVIDER_ERROR, text, true, null);
            case 3023, 3041, 5016, 5018, 10000 -> new ProviderFailure(ErrorCode.PROVIDER_AUTH_ERROR, text, true, null);
            case 3007, 3008 -> new ProviderFailure(ErrorCode.PROVIDER_TIMEOUT, text, true, null);
            case 3003, 3006, 5004 -> ProviderFailure.terminal(ErrorCode.PROVIDER_INVALID_INPUT, text);
            default -> HttpFailures.classify(ID, status, headers, (code == 0 ? "" : code + ": ") + message);
        };
    }

    @Override
    public CompletableFuture<PollResult> poll(ProviderRequest request, String predictionId, String handle) {
        // Synchronous: there is nothing to poll. A job taken over mid-call lost its result; fail over.
        return CompletableFuture.completedFuture(new PollResult.Failed(ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR,
                "cloudflare workers ai is synchronous; the result of " + predictionId + " was not recorded")));
    }

    @Override
    public CompletableFuture<Void> cancel(ProviderRequest request, String predictionId, String handle) {
        return CompletableFuture.completedFuture(null);
    }
}
