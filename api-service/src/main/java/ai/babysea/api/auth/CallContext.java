package ai.babysea.api.auth;

import ai.babysea.api.http.Envelopes;
import ai.babysea.api.limits.RateLimiter;
import jakarta.enterprise.context.RequestScoped;

/** What one HTTP request learned on its way in: its request id and, once authenticated, the caller's key. */
@RequestScoped
public class CallContext {
    private String requestId;
    private AuthenticatedKey key;
    private String clientIp;
    private final long startedNanos = System.nanoTime();
    private String errorCode;
    private boolean replayed;
    private RateLimiter.Decision rateLimit;

    /** The request id (assigned on first use). */
    public String requestId() {
        if (requestId == null) {
            requestId = Envelopes.newRequestId();
        }
        return requestId;
    }

    /** The authenticated key; throws when the route was not authenticated (a programming error). */
    public AuthenticatedKey key() {
        if (key == null) {
            throw new IllegalStateException("route is not authenticated");
        }
        return key;
    }

    /** The authenticated key, or null. */
    public AuthenticatedKey keyOrNull() {
        return key;
    }

    /** Set by the authentication filter once the key is verified. */
    public void authenticated(AuthenticatedKey key) {
        this.key = key;
    }

    /** The caller's IP address as seen by this service. */
    public String clientIp() {
        return clientIp;
    }

    /** Set by the authentication filter from the connection (or a trusted proxy's header). */
    public void clientIp(String clientIp) {
        this.clientIp = clientIp;
    }

    /** Nanos since the request entered. */
    public long elapsedNanos() {
        return System.nanoTime() - startedNanos;
    }

    /** The BSE code this request answered with, if it failed. */
    public String errorCode() {
        return errorCode;
    }

    /** Set by whoever renders an error envelope for this request. */
    public void errorCode(String errorCode) {
        this.errorCode = errorCode;
    }

    /** Whether the answer was an idempotent replay. */
    public boolean replayed() {
        return replayed;
    }

    /** The account rate-limit decision of this request, for the `X-RateLimit-*` headers; null before authentication. */
    public RateLimiter.Decision rateLimit() {
        return rateLimit;
    }

    /** Set by the request guards once the account's request was counted. */
    public void rateLimit(RateLimiter.Decision rateLimit) {
        this.rateLimit = rateLimit;
    }

    /** Marks the answer as an idempotent replay. */
    public void markReplayed() {
        this.replayed = true;
    }
}
