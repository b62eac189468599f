package ai.babysea.sdk.model;

import java.time.Instant;

import java.util.List;

/** `GET /v1/logs`: the account's request log, newest first; bodies are never stored. */
public record RequestLogPage(List<Entry> logs, long total, int limit, int offset) {

    /** One request; `endpoint` is the route template, `ipHash` the first 12 hex digits of the IP's SHA-256. */
    public record Entry(String requestId, String apikeyId, String apikeyName, String apikeyPrefix, String method, String endpoint,
            String query, Integer status, String errorCode, Boolean replayed, String ipHash, String userAgent, Double durationMs,
            Instant createdAt) {
    }
}
