package ai.babysea.sdk;

import ai.babysea.sdk.model.Account;
import ai.babysea.sdk.model.Billing;
import ai.babysea.sdk.model.CancelResult;
import ai.babysea.sdk.model.CreditStatement;
import ai.babysea.sdk.model.DeleteResult;
import ai.babysea.sdk.model.Estimate;
import ai.babysea.sdk.model.EstimateRequest;
import ai.babysea.sdk.model.Generation;
import ai.babysea.sdk.model.GenerationCreated;
import ai.babysea.sdk.model.GenerationPage;
import ai.babysea.sdk.model.GenerationRequest;
import ai.babysea.sdk.model.GenerationStatus;
import ai.babysea.sdk.model.RequestLogPage;
import ai.babysea.sdk.model.Status;
import ai.babysea.sdk.model.Usage;
import ai.babysea.webhook.client.BabySeaWebhooks;
import ai.babysea.webhook.client.WebhookEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;

/**
 * The BabySea API client: one instance per API key, thread-safe, reusable for the life of the application.
 *
 * <pre>{@code
 * BabySea babysea = BabySea.builder().apiKey(System.getenv("BABYSEA_API_KEY")).region(Region.US).build();
 * GenerationCreated created = babysea.generate("bfl/flux-schnell", GenerationRequest.of("a baby seal on ice"));
 * Generation done = babysea.waitFor(created.generationId());
 * }</pre>
 *
 * Every call throws {@link BabySeaApiException} for an error answer (after the retries it deserved),
 * {@link BabySeaNetworkException} when the API could not be reached and {@link BabySeaTimeoutException} when it did not
 * answer in time.
 */
public final class BabySea {
    /** The default deadline of {@link #waitFor(String)}: 10 minutes. */
    public static final Duration DEFAULT_WAIT_TIMEOUT = Duration.ofMinutes(10);
    /** The default poll interval of {@link #waitFor(String)}: 2 s. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);
    /** The shortest poll interval {@link #waitFor(String, Duration, Duration)} uses. */
    public static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(500);
    /** This SDK's version. */
    public static final String VERSION = version();

    private static final Pattern API_KEY = Pattern.compile("^bye_[A-Za-z0-9_-]+$");

    private final Transport transport;
    private final Transport.Sleeper sleeper;
    private final Clock clock;
    private final HealthApi health;
    private final LibraryApi library;
    private final KeysApi keys;
    private final WebhooksApi webhooks;

    private BabySea(Transport transport, Transport.Sleeper sleeper, Clock clock) {
        this.transport = transport;
        this.sleeper = sleeper;
        this.clock = clock;
        this.health = new HealthApi(transport);
        this.library = new LibraryApi(transport);
        this.keys = new KeysApi(transport);
        this.webhooks = new WebhooksApi(transport);
    }

    /** A builder; only the API key is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The API root this client calls, including `/v1`. */
    public URI baseUrl() {
        return transport.baseUrl();
    }

    /** `GET /v1/status`: the key's identity (needs `account:read`). */
    public Status status() {
        return Json.convert(transport.send("GET", "/status", null, null).data(), Status.class);
    }

    /** `GET /v1/usage` over the last 30 days. */
    public Usage usage() {
        return Json.convert(transport.send("GET", "/usage", null, null).data(), Usage.class);
    }

    /** `GET /v1/usage?days=` over the last 1..90 days. */
    public Usage usage(int days) {
        return Json.convert(transport.send("GET", "/usage" + Paths.query("days", days), null, null).data(), Usage.class);
    }

    /** `GET /v1/user/account`. */
    public Account account() {
        return Json.convert(transport.send("GET", "/user/account", null, null).data(), Account.class);
    }

    /** `GET /v1/user/billing`. */
    public Billing billing() {
        return Json.convert(transport.send("GET", "/user/billing", null, null).data(), Billing.class);
    }

    /** `GET /v1/user/credits`: the credit ledger, newest first ({@code limit} 1..500). */
    public CreditStatement credits(int limit, int offset) {
        return Json.convert(paged(transport.send("GET", "/user/credits" + Paths.query("limit", limit, "offset", offset), null, null)),
                CreditStatement.class);
    }

    /** `GET /v1/logs`: the request log, newest first ({@code limit} 1..500). */
    public RequestLogPage logs(int limit, int offset) {
        return Json.convert(paged(transport.send("GET", "/logs" + Paths.query("limit", limit, "offset", offset), null, null)),
                RequestLogPage.class);
    }

    /** `GET /v1/estimate/{model}` for one output (needs `library:read`; free). */
    public Estimate estimate(String modelIdentifier) {
        return estimate(modelIdentifier, new EstimateRequest(null, null, null, null));
    }

    /** `GET /v1/estimate/{model}` with count, duration, resolution or audio. */
    public Estimate estimate(String modelIdentifier, EstimateRequest request) {
        String query = Paths.query("count", request.count(), "duration", request.durationSeconds() == null ? null
                : stripZeros(request.durationSeconds()), "resolution", request.resolution(), "audio", request.audio());
        return Json.convert(transport.send("GET", "/estimate/" + Paths.model(modelIdentifier) + query, null, null).data(),
                Estimate.class);
    }

    /**
     * Starts a generation: the video route when the request has a duration, the image route otherwise (as the TypeScript
     * SDK decides). A fresh Idempotency-Key is generated and reused by every retry of this call.
     */
    public GenerationCreated generate(String modelIdentifier, GenerationRequest request) {
        return generate(modelIdentifier, request, RequestOptions.none());
    }

    /** {@link #generate(String, GenerationRequest)} with an Idempotency-Key of yours. */
    public GenerationCreated generate(String modelIdentifier, GenerationRequest request, RequestOptions options) {
        return create(request.video() ? "video" : "image", modelIdentifier, request, options);
    }

    /** `POST /v1/generate/image/{model}`. */
    public GenerationCreated generateImage(String modelIdentifier, GenerationRequest request, RequestOptions options) {
        return create("image", modelIdentifier, request, options);
    }

    /** `POST /v1/generate/video/{model}`. */
    public GenerationCreated generateVideo(String modelIdentifier, GenerationRequest request, RequestOptions options) {
        return create("video", modelIdentifier, request, options);
    }

    /** Starts a generation and waits for it with the default interval and deadline. */
    public Generation generateAndWait(String modelIdentifier, GenerationRequest request) {
        return waitFor(generate(modelIdentifier, request).generationId());
    }

    private GenerationCreated create(String media, String modelIdentifier, GenerationRequest request, RequestOptions options) {
        Objects.requireNonNull(request, "request");
        String key = options == null || options.idempotencyKey() == null ? UUID.randomUUID().toString() : options.idempotencyKey();
        Transport.Answer answer = transport.send("POST", "/generate/" + media + "/" + Paths.model(modelIdentifier), request.toBody(), key);
        boolean replayed = answer.headers().firstValue("idempotency-replayed").map("true"::equalsIgnoreCase).orElse(false);
        return Json.convert(answer.data(), GenerationCreated.class).withIdempotency(replayed, key);
    }

    /** `GET /v1/content/{id}`. */
    public Generation getGeneration(String generationId) {
        return Json.convert(transport.send("GET", "/content/" + Paths.segment(generationId), null, null).data(), Generation.class);
    }

    /** `GET /v1/content/list`: newest first, {@code limit} 1..100 (the API clamps). */
    public GenerationPage listGenerations(int limit, int offset) {
        return listGenerations(limit, offset, null, null);
    }

    /**
     * `GET /v1/content/list` filtered by the API: only generations in {@code status} ({@code pending}, {@code processing},
     * {@code succeeded}, {@code failed}, {@code canceled}) and of {@code model} (`owner/name`); a null filter is not sent.
     */
    public GenerationPage listGenerations(int limit, int offset, String status, String model) {
        return Json.convert(paged(transport.send("GET", "/content/list"
                + Paths.query("limit", limit, "offset", offset, "status", status, "model", model), null, null)), GenerationPage.class);
    }

    /** `POST /v1/content/generation/cancel/{id}` (needs `generation:delete`); a terminal generation answers BSE2014. */
    public CancelResult cancelGeneration(String generationId) {
        Transport.Answer answer = transport.send("POST", "/content/generation/cancel/" + Paths.segment(generationId), null, null);
        return Json.convert(answer.data(), CancelResult.class).withConfirmed(answer.status() == 200);
    }

    /** `DELETE /v1/content/{id}`: the record and its stored files (terminal generations only; cancel first). */
    public DeleteResult deleteGeneration(String generationId) {
        return Json.convert(transport.send("DELETE", "/content/" + Paths.segment(generationId), null, null).data(), DeleteResult.class);
    }

    /** Waits for a generation to end, polling every 2 s for at most 10 minutes. */
    public Generation waitFor(String generationId) {
        return waitFor(generationId, DEFAULT_POLL_INTERVAL, DEFAULT_WAIT_TIMEOUT);
    }

    /**
     * Polls {@code GET /v1/content/{id}} every {@code pollInterval} (at least 500 ms) until the generation ends: returns it
     * when it succeeded, throws {@link GenerationFailedException} when it failed or was canceled and
     * {@link GenerationTimeoutException} when {@code timeout} passes first (one last poll happens at the deadline).
     */
    public Generation waitFor(String generationId, Duration pollInterval, Duration timeout) {
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(timeout, "timeout");
        Duration interval = pollInterval.compareTo(MIN_POLL_INTERVAL) < 0 ? MIN_POLL_INTERVAL : pollInterval;
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            Generation generation = getGeneration(generationId);
            if (generation.generationStatus() == GenerationStatus.SUCCEEDED) {
                return generation;
            }
            if (generation.terminal()) {
                throw new GenerationFailedException(generation);
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw new GenerationTimeoutException(generationId, timeout, generation.generationStatus());
            }
            try {
                sleeper.sleep(interval.compareTo(left) < 0 ? interval : left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BabySeaException("Interrupted while waiting for generation " + generationId, null, 0, null, false, 0, e);
            }
        }
    }

    /** Provider, model, storage and cache health (`health:read`). */
    public HealthApi health() {
        return health;
    }

    /** The provider and model catalog (`library:read`). */
    public LibraryApi library() {
        return library;
    }

    /** API-key management (reads `account:read`; writes a Full Access key). */
    public KeysApi keys() {
        return keys;
    }

    /** Webhook-endpoint management (reads `account:read`; writes a Full Access key). */
    public WebhooksApi webhooks() {
        return webhooks;
    }

    /**
     * Verifies a webhook delivery (`X-BabySea-Signature` over the raw body, 300 s tolerance) and parses it; throws
     * {@link ai.babysea.webhook.client.WebhookVerificationException} when it must not be trusted.
     */
    public static WebhookEvent verifyWebhook(String rawBody, String signatureHeader, String secret) {
        return BabySeaWebhooks.verify(rawBody, signatureHeader, secret);
    }

    /** {@link #verifyWebhook(String, String, String)} with another tolerance. */
    public static WebhookEvent verifyWebhook(String rawBody, String signatureHeader, String secret, Duration tolerance) {
        return BabySeaWebhooks.verify(rawBody, signatureHeader, secret, tolerance);
    }

    /** A paginated answer's `data` with the top-level `total`, `limit` and `offset` folded in. */
    static JsonNode paged(Transport.Answer answer) {
        ObjectNode merged = answer.data() == null || !answer.data().isObject() ? Json.MAPPER.createObjectNode()
                : ((ObjectNode) answer.data()).deepCopy();
        for (String field : new String[] {"total", "limit", "offset"}) {
            if (answer.body() != null && answer.body().has(field)) {
                merged.set(field, answer.body().get(field));
            }
        }
        return merged;
    }

    private static String stripZeros(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static String version() {
        Properties properties = new Properties();
        try (InputStream in = BabySea.class.getResourceAsStream("sdk.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version", "unknown");
    }

    /** Configures a {@link BabySea} client. */
    public static final class Builder {
        private String apiKey;
        private Region region = Region.US;
        private URI baseUrl;
        private Duration timeout = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int maxRetries = 2;
        private Duration retryBaseDelay = Duration.ofSeconds(1);
        private Duration retryMaxDelay = Duration.ofSeconds(30);
        private Duration maxRetryAfter = Duration.ofSeconds(60);
        private String userAgent;
        private HttpClient httpClient;
        private Transport.Sleeper sleeper = duration -> Thread.sleep(duration.toMillis());
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The API key, `bye_...` (required). */
        public Builder apiKey(String value) {
            this.apiKey = value;
            return this;
        }

        /** The key's region (default {@link Region#US}); ignored when a base URL is set. */
        public Builder region(Region value) {
            this.region = Objects.requireNonNull(value, "region");
            return this;
        }

        /**
         * An API root other than the region's, e.g. a custom domain or a local stack (`http://localhost:8080/v1`); `/v1` is
         * appended when the URL does not end with it, trailing slashes are dropped.
         */
        public Builder baseUrl(String value) {
            String trimmed = value.replaceAll("/+$", "");
            this.baseUrl = URI.create(trimmed.endsWith("/v1") ? trimmed : trimmed + "/v1");
            return this;
        }

        /** How long one HTTP attempt may take until its answer starts (default 30 s); a timeout is never retried. */
        public Builder timeout(Duration value) {
            this.timeout = positive(value, "timeout");
            return this;
        }

        /** How long establishing a connection may take (default 10 s); a connect timeout is retried like a network failure. */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = positive(value, "connectTimeout");
            return this;
        }

        /** Retries after the first attempt (default 2, so at most 3 attempts; 0 disables retries). */
        public Builder maxRetries(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("maxRetries must be >= 0");
            }
            this.maxRetries = value;
            return this;
        }

        /** Backoff base and cap without `Retry-After` (defaults 1 s and 30 s): full jitter up to min(base·2^(n−1), cap). */
        public Builder retryBackoff(Duration base, Duration cap) {
            this.retryBaseDelay = Objects.requireNonNull(base, "base");
            this.retryMaxDelay = Objects.requireNonNull(cap, "cap");
            return this;
        }

        /** The longest `Retry-After` waited out (default 60 s); a longer one ends the call with the error at once. */
        public Builder maxRetryAfter(Duration value) {
            this.maxRetryAfter = Objects.requireNonNull(value, "maxRetryAfter");
            return this;
        }

        /** Your application's product token, sent before the SDK's in `User-Agent` (e.g. `acme-render/2.1`). */
        public Builder userAgent(String value) {
            this.userAgent = value;
            return this;
        }

        /** A preconfigured JDK client (proxy, TLS, executor); its own connect timeout then applies. */
        public Builder httpClient(HttpClient value) {
            this.httpClient = Objects.requireNonNull(value, "httpClient");
            return this;
        }

        /** Replaces the waits between attempts and polls (tests). */
        Builder sleeper(Transport.Sleeper value) {
            this.sleeper = value;
            return this;
        }

        /** Replaces the jitter source (tests). */
        Builder random(DoubleSupplier value) {
            this.random = value;
            return this;
        }

        /** Replaces the clock of deadlines and HTTP dates (tests). */
        Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        public BabySea build() {
            if (apiKey == null || !API_KEY.matcher(apiKey).matches()) {
                throw new IllegalArgumentException("apiKey must be a BabySea API key (bye_ followed by letters, digits, _ or -)");
            }
            RetryPolicy retry = new RetryPolicy(maxRetries, retryBaseDelay, retryMaxDelay, maxRetryAfter);
            HttpClient client = httpClient != null ? httpClient
                    : HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
            Map<String, String> identity = new LinkedHashMap<>();
            String runtime = System.getProperty("java.version", "unknown");
            String product = "babysea-java/" + VERSION + " (java/" + runtime + ")";
            identity.put("User-Agent", userAgent == null || userAgent.isBlank() ? product : userAgent.trim() + " " + product);
            identity.put("X-BabySea-SDK-Name", "babysea-java");
            identity.put("X-BabySea-SDK-Version", VERSION);
            identity.put("X-BabySea-SDK-Runtime", "java");
            identity.put("X-BabySea-SDK-Runtime-Version", runtime);
            Transport transport = new Transport(client, baseUrl != null ? baseUrl : region.baseUrl(), apiKey, timeout, retry,
                    Map.copyOf(identity), sleeper, random, clock);
            return new BabySea(transport, sleeper, clock);
        }

        private static Duration positive(Duration value, String name) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return value;
        }
    }
}
