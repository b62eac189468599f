package ai.babysea.api.http;

/** The error envelope (docs/api/README.md, "Envelopes"): `status` is always `error`. */
public record ErrorEnvelope(String status, String requestId, ApiError error) {
}
