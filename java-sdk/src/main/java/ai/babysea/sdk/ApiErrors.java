package ai.babysea.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Maps an error answer to {@link BabySeaApiException}: the contract's error envelope, or a synthesized `HTTP_<status>`. */
final class ApiErrors {
    private ApiErrors() {
    }

    static BabySeaApiException from(int status, HttpHeaders headers, String body, Instant now) {
        RateLimit rateLimit = Transport.rateLimit(headers, now);
        JsonNode root = Json.parse(body);
        JsonNode error = root == null ? null : root.get("error");
        if (error == null || !error.isObject() || !error.hasNonNull("code")) {
            // not the envelope: an edge firewall's bare 403, a proxy's HTML 502
            return new BabySeaApiException("HTTP " + status + " without a BabySea error body", "HTTP_" + status, "api_error", status,
                    null, RetryPolicy.retryableAnswer(status, null), null, List.of(), rateLimit, 0);
        }
        Boolean flag = error.hasNonNull("retryable") && error.get("retryable").isBoolean() ? error.get("retryable").asBoolean() : null;
        List<ProviderError> providerErrors = new ArrayList<>();
        for (JsonNode entry : error.path("provider_errors")) {
            providerErrors.add(new ProviderError(text(entry, "provider"), text(entry, "code"), text(entry, "type"), text(entry, "message"),
                    entry.hasNonNull("retryable") ? entry.get("retryable").asBoolean() : null));
        }
        String message = text(error, "message");
        return new BabySeaApiException(message == null ? "HTTP " + status : message, text(error, "code"), text(error, "type"), status,
                text(root, "request_id"), RetryPolicy.retryableAnswer(status, flag), error.get("details"), providerErrors, rateLimit, 0);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
