package ai.babysea.webhook.delivery;

import java.time.Instant;

/**
 * The outcome of one HTTP attempt: success means a 2xx status within the timeout; otherwise the status
 * code (non-2xx, including 3xx since redirects are not followed) or the error that prevented a response.
 */
public record AttemptResult(Instant startedAt, long durationMs, Integer statusCode, String error, String responseExcerpt) {
    /** Whether the receiver accepted the webhook. */
    public boolean succeeded() {
        return error == null && statusCode != null && statusCode >= 200 && statusCode < 300;
    }

    static AttemptResult failure(Instant startedAt, long durationMs, String error) {
        return new AttemptResult(startedAt, durationMs, null, error, null);
    }
}
