package ai.babysea.router.provider.http;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.router.provider.ProviderFailure;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The default HTTP status → failure classification shared by adapters (each adapter refines it with its
 * provider's error bodies). `retryable` means "the chain may fail over"; it is false only for outcomes
 * another provider would repeat: invalid input and content policy.
 */
public final class HttpFailures {
    private HttpFailures() {
    }

    /** Classifies a non-2xx response. */
    public static ProviderFailure classify(String provider, int status, HttpHeaders headers, String message) {
        String text = provider + " answered " + status + (message == null || message.isBlank() ? "" : ": " + truncate(message));
        Duration retryAfter = retryAfter(headers).orElse(null);
        if (status == 401 || status == 403) {
            return new ProviderFailure(ErrorCode.PROVIDER_AUTH_ERROR, text, true, null);
        }
        if (status == 402) {
            return new ProviderFailure(ErrorCode.PROVIDER_CREDITS_EXHAUSTED, text, true, null);
        }
        if (status == 404) {
            // a model or version this account cannot reach: configuration, not the user's input
            return new ProviderFailure(ErrorCode.PROVIDER_ERROR, text, true, null);
        }
        if (status == 408 || status == 504) {
            // the provider (or a gateway in front of it) may have acted on the request before timing out
            return new ProviderFailure(ErrorCode.PROVIDER_TIMEOUT, text, true, retryAfter, true);
        }
        if (status == 429) {
            return new ProviderFailure(ErrorCode.PROVIDER_RATE_LIMITED, text, true, retryAfter);
        }
        if (status == 503) {
            return new ProviderFailure(ErrorCode.PROVIDER_CAPACITY, text, true, retryAfter);
        }
        if (status >= 500) {
            return new ProviderFailure(ErrorCode.PROVIDER_ERROR, text, true, retryAfter, status == 500 || status == 502);
        }
        if (status == 400 || status == 422) {
            return new ProviderFailure(ErrorCode.PROVIDER_INVALID_INPUT, text, false, null);
        }
        return new ProviderFailure(ErrorCode.PROVIDER_ERROR, text, true, null);
    }

    /** `Retry-After` (seconds or an HTTP date) or `retry-after-ms`. */
    public static Optional<Duration> retryAfter(HttpHeaders headers) {
        if (headers == null) {
            return Optional.empty();
        }
        Optional<String> millis = headers.firstValue("retry-after-ms");
        if (millis.isPresent()) {
            try {
                return Optional.of(Duration.ofMillis((long) Double.parseDouble(millis.get().trim())));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        return headers.firstValue("retry-after").flatMap(HttpFailures::parseRetryAfter);
    }

    static Optional<Duration> parseRetryAfter(String value) {
        String trimmed = value.trim();
        try {
            return Optional.of(Duration.ofMillis((long) (Double.parseDouble(trimmed) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (RuntimeException notDate) {
                return Optional.empty();
            }
        }
    }

    /** A protobuf-style duration such as `"20s"` or `"1.5s"`, or null. */
    public static Duration parseDelay(String value) {
        if (value == null || !value.endsWith("s")) {
            return null;
        }
        try {
            return Duration.ofMillis((long) (Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A short prefix of a provider message (error bodies can be large). */
    public static String truncate(String message) {
        return message.length() <= 300 ? message : message.substring(0, 300) + "…";
    }
}
