package ai.babysea.api.http;

/** The contract's error envelope (§3.2): `status` is always `error`. */
public record ErrorEnvelope(String status, String requestId, ApiError error) {
}
