package ai.babysea.webhook.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** Webhook delivery settings (prefix `babysea.webhook`); every limit is here, with its unit and default. */
@ConfigMapping(prefix = "babysea.webhook")
public interface WebhookConfig {
    /** Whether loopback destinations (127.0.0.0/8, ::1) are allowed; only for local/test stacks; default false. */
    @WithDefault("false")
    boolean allowLoopback();

    /** Whether endpoint URLs must be `https` on the default port 443 (the contract's production rule); default true. */
    @WithDefault("true")
    boolean requireHttps();

    /** Retry schedule. */
    Retry retry();

    /** Delivery worker limits. */
    Worker worker();

    /** How long one attempt may take before it counts as failed (connect + response head + bounded body); default 10 s. */
    @WithDefault("10s")
    Duration requestTimeout();

    /** Most response-body bytes read per attempt; the rest is discarded by closing the connection; default 65536. */
    @WithDefault("65536")
    int maxResponseBytes();

    /** Most response-body characters kept in the attempt log; default 1024. */
    @WithDefault("1024")
    int responseExcerptChars();

    /** Consecutive failed attempts (across all events) after which an endpoint is disabled; default 15. */
    @WithDefault("15")
    int autoDisableAfterFailures();

    /** How long events for a disabled endpoint are kept in its queue; default 72 h. */
    @WithDefault("72h")
    Duration queueRetention();

    /** How often queued events past their retention are marked expired; default 60 s. */
    @WithDefault("60s")
    Duration queueExpiryInterval();

    /** Most endpoints one account may register; default 20. */
    @WithDefault("20")
    int maxEndpointsPerAccount();

    /** Most events one deliver-queued call sends; default 1000. */
    @WithDefault("1000")
    int maxQueuedPerDeliverCall();

    /**
     * How long the first terminal event of a generation is remembered (`webhook_generation_terminals`), so that a
     * second terminal event of it (a late conflicting one, or the same fact under a new event id) sends no webhook;
     * default 14 days. It must be at least `babysea.inbox.retention` (the service refuses to start otherwise): both
     * terminal events of a generation are produced within its lifetime (at most the ledger's 2 h video reservation
     * bound), and Kafka delivers neither later than its 7-day topic retention after that.
     */
    @WithDefault("14d")
    Duration terminalRetention();

    /** How long the delivery log is kept per plan, and the purge that enforces it. */
    Retention retention();

    /**
     * Delivery-log retention per plan (docs/api/limits-and-retention.md) and its purge. Finished deliveries (succeeded or failed) with their
     * attempts, and queue entries that are delivered or expired, are deleted once older than their account's plan
     * allows; pending deliveries and pending queue entries never are.
     */
    interface Retention {
        /** Whether this instance runs the periodic purge; default true. */
        @WithDefault("true")
        boolean enabled();

        /** How often the purge runs; default 1 h. */
        @WithDefault("1h")
        Duration interval();

        /** Retention for plan `Free`; default 1 day. */
        @WithDefault("1d")
        Duration free();

        /** Retention for plan `Starter`; default 7 days. */
        @WithDefault("7d")
        Duration starter();

        /** Retention for plan `Pro`; default 30 days. */
        @WithDefault("30d")
        Duration pro();

        /** Retention for plan `Scale`; default 180 days. */
        @WithDefault("180d")
        Duration scale();

        /** Retention for plan `Enterprise`; default 365 days. */
        @WithDefault("365d")
        Duration enterprise();

        /**
         * Retention for an account whose plan was never passed or is not one of the five; default 365 days (the
         * longest, so a missing plan never deletes what a paying account is owed).
         */
        @WithDefault("365d")
        Duration unknownPlan();

        /** Most rows deleted per statement (each batch is its own short transaction); default 1000. */
        @WithDefault("1000")
        int batchSize();

        /** Endpoints read per page while walking them; default 500. */
        @WithDefault("500")
        int endpointPageSize();

        /** Most rows one purge run deletes; the rest waits for the next run; default 200000. */
        @WithDefault("200000")
        int maxDeletesPerRun();
    }

    /** Retry schedule: the contract's fast schedule, then a long jittered tail (Svix/Stripe style). */
    interface Retry {
        /** Delay before each attempt of the fast phase, the first normally 0 (immediate); default 0s,500ms,1500ms,3s,5s. */
        @WithDefault("0s,500ms,1500ms,3s,5s")
        List<Duration> fast();

        /** Delay before each attempt after the fast phase; default 1m,5m,30m,2h,5h,10h,10h,10h,10h,10h,12h (69.6 h nominal; retry.max-age ends it at 3 days). */
        @WithDefault("1m,5m,30m,2h,5h,10h,10h,10h,10h,10h,12h")
        List<Duration> tail();

        /** Relative jitter applied to tail delays (0.2 = +/-20 %); the fast phase is exact; default 0.2. */
        @WithDefault("0.2")
        double tailJitter();

        /** A delivery older than this is marked failed instead of retried; default 72 h. */
        @WithDefault("72h")
        Duration maxAge();
    }

    /** Delivery worker limits. */
    interface Worker {
        /** Whether this instance runs the delivery worker; default true. */
        @WithDefault("true")
        boolean enabled();

        /** How often the worker looks for due deliveries when nobody woke it; default 200 ms. */
        @WithDefault("200ms")
        Duration pollInterval();

        /** Most deliveries claimed per poll; default 200. */
        @WithDefault("200")
        int batchSize();

        /** Most HTTP attempts in flight on this instance; default 512. */
        @WithDefault("512")
        int maxInFlight();

        /** Most HTTP attempts in flight to one endpoint, so a slow receiver cannot take every slot; default 4. */
        @WithDefault("4")
        int maxInFlightPerEndpoint();

        /** How long a claimed delivery is reserved for this instance; after a crash it is retried when this lapses; default 60 s. */
        @WithDefault("60s")
        Duration claimLease();

        /** Shortest pause between two polls, so a burst of wake-ups is served by one poll; default 5 ms. */
        @WithDefault("5ms")
        Duration minPollGap();

        /** Pause after a failed poll (database unreachable), doubling with each further failure in a row; default 200 ms. */
        @WithDefault("200ms")
        Duration failureBackoff();

        /** Longest pause between failed polls; default 5 s. */
        @WithDefault("5s")
        Duration failureBackoffMax();

        /** Most attempt outcomes written in one transaction; default 500. */
        @WithDefault("500")
        int recordBatchSize();

        /** Threads for DNS resolution and preparing attempts (blocking work); default 16. */
        @WithDefault("16")
        int blockingThreads();

        /** Most pooled connections per destination (host:port); default 32. */
        @WithDefault("32")
        int maxConnectionsPerDestination();
    }
}
