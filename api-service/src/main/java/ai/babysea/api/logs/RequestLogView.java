package ai.babysea.api.logs;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One logged request of `GET /v1/logs`: no bodies; the route template rather than the path; the caller's IP only as the first
 * 12 hex digits of its SHA-256.
 */
public record RequestLogView(String requestId, @Schema(nullable = true) String apikeyId, @Schema(nullable = true) String apikeyName, @Schema(nullable = true) String apikeyPrefix, String method, String endpoint,
        @Schema(nullable = true) String query, int status, @Schema(nullable = true) String errorCode, boolean replayed, @Schema(nullable = true) String ipHash, @Schema(nullable = true) String userAgent, double durationMs,
        String createdAt) {
}
