package ai.babysea.api.http;

/** The success envelope (docs/api/README.md, "Envelopes"): `status` is always `success`, `data` holds the route's answer. */
public record SuccessEnvelope<T>(String status, String requestId, String message, String timestamp, T data) {
}
