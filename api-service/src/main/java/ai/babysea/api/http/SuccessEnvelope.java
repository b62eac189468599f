package ai.babysea.api.http;

/** The contract's success envelope (§3.1): `status` is always `success`, `data` holds the route's answer. */
public record SuccessEnvelope<T>(String status, String requestId, String message, String timestamp, T data) {
}
