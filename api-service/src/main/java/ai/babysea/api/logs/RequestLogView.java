package ai.babysea.api.logs;

/**
 * One logged request of `GET /v1/logs`: no bodies; the route template rather than the path; the caller's IP only as the first
 * 12 hex digits of its SHA-256.
 */
public record RequestLogView(String requestId, String apikeyId, String apikeyName, String apikeyPrefix, String method, String endpoint,
        String query, int status, String errorCode, boolean replayed, String ipHash, String userAgent, double durationMs,
        String createdAt) {
}
