package ai.babysea.router.simulator;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.router.config.RouterConfig;
import ai.babysea.router.provider.Lookup;
import ai.babysea.router.provider.PollResult;
import ai.babysea.router.provider.ProviderAdapter;
import ai.babysea.router.provider.ProviderException;
import ai.babysea.router.provider.ProviderFailure;
import ai.babysea.router.provider.ProviderOutput;
import ai.babysea.router.provider.ProviderRequest;
import ai.babysea.router.provider.Submission;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The built-in provider that lets the whole system run offline. Outcomes are decided at submit time
 * (prompt markers, then the random failure rate) and encoded in the prediction id together with the
 * time the prediction is ready, so polling is stateless and survives a router restart or takeover by
 * another instance; only cancels are held in memory. No thread is held per prediction. Every prediction created is
 * kept in the {@link SubmissionLedger} (as a provider keeps it), so a submit whose answer was lost can be looked up;
 * {@link SimulatorFaults} makes a share of the submits fail the ways real providers do.
 */
@ApplicationScoped
public class Simulator {
    /** The id under which the simulator is addressable directly. */
    public static final String PROVIDER_ID = "simulator";
    /** Fails every attempt with a retryable error. */
    public static final String MARK_FAIL = "[simulate:fail]";
    /** Fails the first provider of the chain only, so the chain fails over. */
    public static final String MARK_FAIL_FIRST = "[simulate:fail-first]";
    /** Fails terminally with BSE2006, without failover. */
    public static final String MARK_CONTENT_POLICY = "[simulate:content-policy]";
    /** Adds the configured slow latency. */
    public static final String MARK_SLOW = "[simulate:slow]";

    private static final String PREFIX = "sim_";
    /** Bound on remembered cancels; older entries are dropped (their predictions are long finished). */
    private static final int MAX_REMEMBERED_CANCELS = 100_000;

    private final RouterConfig.Simulator config;
    private final SubmissionLedger ledger;
    private final SimulatorFaults faults;
    private final Map<String, ProviderAdapter> adapters = new ConcurrentHashMap<>();
    private final Map<String, Long> canceled = new ConcurrentHashMap<>();
    private final AtomicLong submissions = new AtomicLong();
    private final AtomicLong cancels = new AtomicLong();

    Simulator(RouterConfig config, SubmissionLedger ledger, SimulatorFaults faults) {
        this.config = config.simulator();
        this.ledger = ledger;
        this.faults = faults;
    }

    /** The simulator acting under a provider's name. */
    public ProviderAdapter as(String providerId) {
        return adapters.computeIfAbsent(providerId, SimulatedProvider::new);
    }

    /** Predictions submitted since start (for tests and the benchmark). */
    public long submissions() {
        return submissions.get();
    }

    /** Provider cancels received since start. */
    public long cancels() {
        return cancels.get();
    }

    /** Whether the simulator received a cancel for this prediction. */
    public boolean wasCanceled(String predictionId) {
        return canceled.containsKey(predictionId);
    }

    enum Outcome {
        SUCCESS('s'), FAIL('f'), CONTENT_POLICY('c');

        final char code;

        Outcome(char code) {
            this.code = code;
        }

        static Outcome of(char code) {
            for (Outcome outcome : values()) {
                if (outcome.code == code) {
                    return outcome;
                }
            }
            throw new IllegalArgumentException("unknown simulated outcome " + code);
        }
    }

    Outcome decide(ProviderRequest request) {
        String prompt = request.parameters().prompt() == null ? "" : request.parameters().prompt();
        if (prompt.contains(MARK_CONTENT_POLICY)) {
            return Outcome.CONTENT_POLICY;
        }
        if (prompt.contains(MARK_FAIL)) {
            return Outcome.FAIL;
        }
        if (prompt.contains(MARK_FAIL_FIRST) && request.chainPosition() == 0) {
            return Outcome.FAIL;
        }
        double rate = config.failureRate();
        if (rate > 0 && ThreadLocalRandom.current().nextDouble() < rate) {
            return Outcome.FAIL;
        }
        return Outcome.SUCCESS;
    }

    long latencyMs(ProviderRequest request) {
        String prompt = request.parameters().prompt() == null ? "" : request.parameters().prompt();
        long ms = config.latency().toMillis();
        if (prompt.contains(MARK_SLOW)) {
            ms += config.slowLatency().toMillis();
        }
        return ms;
    }

    private PollResult resultOf(ProviderRequest request, String predictionId, long readyAtMs, Outcome outcome) {
        if (canceled.containsKey(predictionId)) {
            return new PollResult.Failed(ProviderFailure.terminal(ErrorCode.PROVIDER_ERROR, "prediction was canceled"));
        }
        long now = System.currentTimeMillis();
        if (now < readyAtMs) {
            return new PollResult.Running(Duration.ofMillis(readyAtMs - now));
        }
        switch (outcome) {
            case CONTENT_POLICY:
                return new PollResult.Failed(ProviderFailure.terminal(ErrorCode.CONTENT_POLICY_VIOLATION,
                        "simulated: the request was flagged by a safety filter"));
            case FAIL:
                return new PollResult.Failed(ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR,
                        "simulated: " + request.providerId() + " failed"));
            default:
                List<ProviderOutput> outputs = new ArrayList<>();
                int count = request.video() ? 1 : Math.max(1, request.parameters().outputNumber());
                for (int i = 0; i < count; i++) {
                    outputs.add(request.video() ? SampleMedia.mp4() : SampleMedia.image(request.parameters().outputFormat()));
                }
                return new PollResult.Succeeded(outputs, (readyAtMs - startOf(predictionId)) / 1000.0);
        }
    }

    private static long startOf(String predictionId) {
        return Long.parseLong(predictionId.split("_")[2]);
    }

    /** The simulator under one provider name. */
    private final class SimulatedProvider implements ProviderAdapter {
        private final String providerId;

        SimulatedProvider(String providerId) {
            this.providerId = providerId;
        }

        @Override
        public String providerId() {
            return providerId;
        }

        @Override
        public boolean supportsCancel() {
            return true;
        }

        @Override
        public CompletableFuture<Submission> submit(ProviderRequest request) {
            SimulatorFaults.Mode fault = faults.draw(providerId);
            if (fault == SimulatorFaults.Mode.ERROR) {
                return CompletableFuture.failedFuture(new ProviderException(new ProviderFailure(ErrorCode.PROVIDER_CAPACITY,
                        "simulated: " + providerId + " answered 503", true, null)));
            }
            if (fault == SimulatorFaults.Mode.RATE_LIMIT) {
                return CompletableFuture.failedFuture(new ProviderException(new ProviderFailure(ErrorCode.PROVIDER_RATE_LIMITED,
                        "simulated: " + providerId + " answered 429", true, Duration.ofSeconds(1))));
            }
            if (fault == SimulatorFaults.Mode.TIMEOUT) {
                return CompletableFuture.failedFuture(new java.net.http.HttpTimeoutException("simulated: " + providerId + " did not answer"));
            }
            submissions.incrementAndGet();
            Outcome outcome = decide(request);
            long now = System.currentTimeMillis();
            long readyAt = now + latencyMs(request);
            // sim_<ready ms>_<submitted ms>_<outcome>_<random>: everything a later poll needs.
            String predictionId = PREFIX + readyAt + "_" + now + "_" + outcome.code + "_"
                    + UUID.randomUUID().toString().substring(0, 8);
            ledger.record(new SubmissionLedger.Entry(now, providerId, request.generationId(), request.attempt(), predictionId, outcome.code));
            if (fault == SimulatorFaults.Mode.ACCEPT_THEN_LOSE) {
                return CompletableFuture.failedFuture(new java.net.http.HttpTimeoutException("simulated: " + providerId
                        + " created the prediction but its answer was lost"));
            }
            PollResult immediate = readyAt <= now ? resultOf(request, predictionId, readyAt, outcome) : null;
            return CompletableFuture.completedFuture(new Submission(predictionId, null, immediate));
        }

        @Override
        public CompletableFuture<Lookup> find(ProviderRequest request, long submittedAtMs) {
            return CompletableFuture.completedFuture(ledger.find(providerId, request.attemptKey())
                    .<Lookup>map(entry -> new Lookup.Found(entry.predictionId(), null)).orElseGet(Lookup.NotFound::new));
        }

        @Override
        public CompletableFuture<PollResult> poll(ProviderRequest request, String predictionId, String handle) {
            String[] parts = predictionId.split("_");
            if (parts.length != 5 || !predictionId.startsWith(PREFIX)) {
                return CompletableFuture.completedFuture(new PollResult.Failed(
                        ProviderFailure.retryable(ErrorCode.PROVIDER_ERROR, "simulated: unknown prediction " + predictionId)));
            }
            return CompletableFuture.completedFuture(
                    resultOf(request, predictionId, Long.parseLong(parts[1]), Outcome.of(parts[3].charAt(0))));
        }

        @Override
        public CompletableFuture<Void> cancel(ProviderRequest request, String predictionId, String handle) {
            cancels.incrementAndGet();
            if (canceled.size() >= MAX_REMEMBERED_CANCELS) {
                canceled.clear();
            }
            canceled.put(predictionId, System.currentTimeMillis());
            return CompletableFuture.completedFuture(null);
        }
    }
}
