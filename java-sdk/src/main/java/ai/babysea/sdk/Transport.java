package ai.babysea.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * Sends one API call with the retry policy: error answers marked retryable (429, 5xx, BSE2016 ...) and network failures
 * of calls that are safe to repeat (GET, DELETE, and creates, which carry an Idempotency-Key) are repeated with the
 * same headers — the same Idempotency-Key included — after `Retry-After` or a full-jitter backoff.
 */
final class Transport {
    /** Methods whose repetition cannot do anything twice. */
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "DELETE");

    /** A 2xx answer: status, headers and the parsed body (null when empty). */
    record Answer(int status, HttpHeaders headers, JsonNode body) {
        /** The success envelope's `data`. */
        JsonNode data() {
            return body == null ? null : body.get("data");
        }
    }

    /** Waits between attempts (tests replace it to observe waits without sleeping). */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final HttpClient client;
    private final URI baseUrl;
    private final String authorization;
    private final Duration timeout;
    private final RetryPolicy retry;
    private final Map<String, String> identity;
    private final Sleeper sleeper;
    private final DoubleSupplier random;
    private final Clock clock;

    Transport(HttpClient client, URI baseUrl, String apiKey, Duration timeout, RetryPolicy retry, Map<String, String> identity,
            Sleeper sleeper, DoubleSupplier random, Clock clock) {
        this.client = client;
        this.baseUrl = baseUrl;
        this.authorization = "Bearer " + apiKey;
        this.timeout = timeout;
        this.retry = retry;
        this.identity = identity;
        this.sleeper = sleeper;
        this.random = random;
        this.clock = clock;
    }

    URI baseUrl() {
        return baseUrl;
    }

    /** Sends {@code method path} with an optional JSON body and Idempotency-Key; returns the 2xx answer or throws. */
    Answer send(String method, String pathAndQuery, Object body, String idempotencyKey) {
        HttpRequest request = request(method, pathAndQuery, body, idempotencyKey);
        boolean networkRetryable = SAFE_METHODS.contains(method) || idempotencyKey != null;
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (HttpConnectTimeoutException e) {
                // nothing reached the API: a network failure like any other
                sleep(networkFailure(e, attempt, networkRetryable), attempt);
                continue;
            } catch (HttpTimeoutException e) {
                throw new BabySeaTimeoutException(timeout, e, attempt);
            } catch (IOException e) {
                sleep(networkFailure(e, attempt, networkRetryable), attempt);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BabySeaException("Interrupted while calling the BabySea API", null, 0, null, false, attempt, e);
            }
            int status = response.statusCode();
            if (status / 100 == 2) {
                return new Answer(status, response.headers(), Json.parse(response.body()));
            }
            BabySeaApiException error = ApiErrors.from(status, response.headers(), response.body(), clock.instant()).withAttempts(attempt);
            if (!error.retryable()) {
                throw error;
            }
            Optional<Duration> wait = retry.delay(attempt, error.rateLimit().retryAfter(), random);
            if (wait.isEmpty()) {
                throw error;
            }
            sleep(wait.get(), attempt);
        }
    }

    /** The wait before the next attempt after a network failure, or the exception to throw. */
    private Duration networkFailure(IOException cause, int attempt, boolean retryable) {
        Optional<Duration> wait = retryable ? retry.delay(attempt, null, random) : Optional.empty();
        if (wait.isEmpty()) {
            throw new BabySeaNetworkException("Could not reach the BabySea API: " + cause, cause, attempt);
        }
        return wait.get();
    }

    private void sleep(Duration wait, int attempt) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BabySeaException("Interrupted while waiting to retry", null, 0, null, false, attempt, e);
        }
    }

    private HttpRequest request(String method, String pathAndQuery, Object body, String idempotencyKey) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(timeout)
                .header("Authorization", authorization).header("Accept", "application/json");
        identity.forEach(builder::header);
        if (idempotencyKey != null) {
            builder.header("Idempotency-Key", idempotencyKey);
        }
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json");
            builder.method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)));
        }
        return builder.build();
    }

    /** The rate-limit headers of an answer. */
    static RateLimit rateLimit(HttpHeaders headers, Instant now) {
        return new RateLimit(number(headers, "x-ratelimit-limit"), number(headers, "x-ratelimit-remaining"),
                number(headers, "x-ratelimit-reset"), RetryPolicy.parseRetryAfter(headers.firstValue("retry-after").orElse(null), now));
    }

    private static Long number(HttpHeaders headers, String name) {
        OptionalLong value = OptionalLong.empty();
        Optional<String> text = headers.firstValue(name);
        if (text.isPresent()) {
            try {
                value = OptionalLong.of(Long.parseLong(text.get().trim()));
            } catch (NumberFormatException ignored) {
                // a malformed header is as good as none
            }
        }
        return value.isPresent() ? value.getAsLong() : null;
    }
}
