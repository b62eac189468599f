package ai.babysea.sdk.model;

/** `GET /v1/health/storage` (§2.12): object-storage round trip. */
public record StorageHealth(String service, Boolean healthy, Double latencyMs, String bucket, String error) {
}
