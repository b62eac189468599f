package ai.babysea.sdk.model;

/** `GET /v1/health/cache`: the rate-limit cache; `backend` is `redis` or `in-process`. */
public record CacheHealth(String service, Boolean healthy, Double latencyMs, String backend, String error) {
}
