package ai.babysea.sdk.model;

/** `GET /v1/health/storage`: object-storage round trip. */
public record StorageHealth(String service, Boolean healthy, Double latencyMs, String bucket, String error) {
}
