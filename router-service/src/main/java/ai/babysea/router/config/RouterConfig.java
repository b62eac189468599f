package ai.babysea.router.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Router settings (prefix `babysea.router`). */
@ConfigMapping(prefix = "babysea.router")
public interface RouterConfig {
    /** Base URL under which clients fetch outputs served by this router; default http://localhost:8082. */
    @WithDefault("http://localhost:8082")
    String publicBaseUrl();

    /**
     * Base URL providers call back (`{base}/provider-webhooks/{provider}`); unset: no webhooks are requested
     * and completion is by polling only.
     */
    Optional<String> webhookBaseUrl();

    /**
     * Per provider id (`replicate`, `fal`, `openai`, `bfl`, `google`, `runway`, `byteplus`, `alibabacloud`, `cloudflare`):
     * key, endpoint, limits.
     */
    Map<String, Provider> providers();

    /** Outbound HTTP to providers. */
    Http http();

    /** Output custody. */
    Storage storage();

    /** Provider health and circuit breakers. */
    Health health();

    /** The job worker (claiming, leases, polling). */
    Worker worker();

    /** The built-in simulator provider. */
    Simulator simulator();

    /** One provider's settings. */
    interface Provider {
        /** The API key; a provider without one is served by the simulator (stand-in) or skipped. */
        Optional<String> apiKey();

        /** Override of the provider's API base URL (stubs, regional hosts); default: the public endpoint. */
        Optional<String> baseUrl();

        /** The account the provider's API paths are scoped to (Cloudflare: the Workers AI account id); unset for the others. */
        Optional<String> accountId();

        /** Most attempts in flight at this provider from this instance; default 500. */
        @WithDefault("500")
        int maxConcurrency();

        /** Secret verifying this provider's webhooks (Replicate: the `whsec_...` signing secret). */
        Optional<String> webhookSecret();

        /** Where fal's webhook signing keys (JWKS) are fetched; default https://rest.fal.ai/.well-known/jwks.json. */
        Optional<String> jwksUrl();
    }

    /** Outbound HTTP settings. */
    interface Http {
        /** TCP connect timeout; default 10 s. */
        @WithDefault("10s")
        Duration connectTimeout();

        /** Bound on one provider HTTP call (sync providers run the whole generation in it); default 180 s. */
        @WithDefault("180s")
        Duration requestTimeout();

        /** Largest output file downloaded from a provider, in bytes; default 512 MiB. */
        @WithDefault("536870912")
        long maxOutputBytes();

        /**
         * Largest input file downloaded for a provider that needs bytes (OpenAI edits, Gemini, Veo), in bytes;
         * default 20 MiB (Gemini's inline request limit).
         */
        @WithDefault("20971520")
        long inputMaxBytes();

        /** Bound on downloading one input file (DNS, redirects, headers and body); default 30 s. */
        @WithDefault("30s")
        Duration inputTimeout();

        /** Whether input files may be fetched from loopback addresses (local runs and tests only); default false. */
        @WithDefault("false")
        boolean inputAllowLoopback();
    }

    /** Circuit breaker settings, per (provider, model). */
    interface Health {
        /** Rolling window of attempt outcomes; default 5 min. */
        @WithDefault("5m")
        Duration window();

        /** Attempts in the window before the breaker may open; default 5. */
        @WithDefault("5")
        int minAttempts();

        /** Failure rate (0..1) in the window that opens the breaker; default 0.5. */
        @WithDefault("0.5")
        double failureThreshold();

        /** How long an open breaker puts the provider last in the chain before it lets trial attempts through; default 30 s. */
        @WithDefault("30s")
        Duration openDuration();

        /** Trial attempts a half-open breaker lets through at once (per instance, per provider and model); default 5. */
        @WithDefault("5")
        int halfOpenProbes();

        /** Successful trial attempts that close a half-open breaker (one failure opens it again); default 3. */
        @WithDefault("3")
        int halfOpenSuccesses();
    }

    /** Where outputs are kept and how their URLs look. */
    interface Storage {
        /** `database` (the router's PostgreSQL; default, zero setup) or `s3` (any S3-compatible endpoint). */
        @WithDefault("database")
        String kind();

        /** S3 endpoint override (s3proxy, MinIO, R2...); unset: AWS's regional endpoint. */
        Optional<String> endpoint();

        /** S3 region; default us-east-1. */
        @WithDefault("us-east-1")
        String region();

        /** Bucket holding outputs (created at start when missing); default babysea-outputs. */
        @WithDefault("babysea-outputs")
        String bucket();

        /** Static access key; unset: the AWS default credentials chain (IRSA, instance profile...). */
        Optional<String> accessKey();

        /** Static secret key (with access-key). */
        Optional<String> secretKey();

        /** Path-style addressing (required by most S3-compatible servers); default true. */
        @WithDefault("true")
        boolean pathStyle();

        /**
         * How output URLs are built: `router` (served by this service at `{public-base-url}/outputs/...`; default),
         * `public` (`{public-url}/{key}` of a public bucket or CDN) or `signed` (presigned GETs valid `signed-url-ttl`).
         */
        @WithDefault("router")
        String urlMode();

        /** Base of public URLs in `public` mode; default `{endpoint}/{bucket}`. */
        Optional<String> publicUrl();

        /** Validity of presigned URLs in `signed` mode; default 7 days (the SigV4 maximum). */
        @WithDefault("7d")
        Duration signedUrlTtl();
    }

    /** Job worker settings. */
    interface Worker {
        /** Whether this instance executes jobs at all (false: it only persists them); default true. */
        @WithDefault("true")
        boolean enabled();

        /** Most jobs this instance drives at once (the in-flight bound; jobs beyond it stay queued in the database); default 10000. */
        @WithDefault("10000")
        int maxInFlight();

        /** Most jobs claimed per claim transaction; default 200. */
        @WithDefault("200")
        int claimBatch();

        /** How often the claimer looks for claimable jobs when nobody woke it; default 500 ms. */
        @WithDefault("500ms")
        Duration claimInterval();

        /** How long a claimed job stays leased without renewal before another instance may take it over; default 30 s. */
        @WithDefault("30s")
        Duration leaseDuration();

        /** How often this instance renews the leases of the jobs it drives; default 10 s (must be well below lease-duration). */
        @WithDefault("10s")
        Duration leaseRenewInterval();

        /** Delay between polls of a running prediction when the provider gives no hint; default 1 s. */
        @WithDefault("1s")
        Duration pollInterval();

        /** Longest one image attempt may run before it is abandoned and the chain fails over; default 120 s. */
        @WithDefault("120s")
        Duration attemptTimeoutImage();

        /** Longest one video attempt may run before it is abandoned and the chain fails over; default 15 min. */
        @WithDefault("15m")
        Duration attemptTimeoutVideo();

        /**
         * Longest a generation may wait from admission until a provider first accepts it (queueing, provider
         * concurrency waits, failed submits); past it the job fails with BSE4007 and the reservation is refunded;
         * default 10 min.
         */
        @WithDefault("10m")
        Duration startDeadline();

        /** Threads storing outputs in our custody (blocking store calls); half as many run job steps; default 8. */
        @WithDefault("8")
        int transitionThreads();

        /** Most job transitions written in one transaction (they wait for the writer meanwhile); default 500. */
        @WithDefault("500")
        int transitionBatch();

        /**
         * How long a job may go without any step before it is handed back and resumed from its row (a lost provider
         * answer, a timer that never fired); must exceed http.request-timeout; default 5 min.
         */
        @WithDefault("5m")
        Duration stallTimeout();
    }

    /** Simulator settings. */
    interface Simulator {
        /** Whether providers without an API key are served by the simulator under their own name; default true (false in %prod). */
        @WithDefault("true")
        boolean standIn();

        /** Simulated inference time per attempt; default 500 ms (0 for throughput benchmarks). */
        @WithDefault("500ms")
        Duration latency();

        /** Extra time added by the `[simulate:slow]` prompt marker; default 3 s. */
        @WithDefault("3s")
        Duration slowLatency();

        /** Probability (0..1) that an attempt fails with a retryable provider error; default 0. */
        @WithDefault("0")
        double failureRate();

        /**
         * File the simulated providers append every prediction they create to (shared by the instances of a machine,
         * outliving a router process: lookups after a crash, chaos checks); unset: kept in memory only.
         */
        Optional<String> ledgerFile();
    }
}
