package ai.babysea.webhook.delivery;

import ai.babysea.platform.tracing.Tracing;
import ai.babysea.platform.tx.AfterCommit;
import ai.babysea.platform.worker.WorkerLoop;
import ai.babysea.webhook.config.WebhookConfig;
import ai.babysea.webhook.signing.WebhookSigner;
import ai.babysea.webhook.ssrf.DestinationPolicy;
import ai.babysea.webhook.ssrf.ForbiddenDestinationException;
import ai.babysea.webhook.ssrf.PinnedDestination;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Claims due deliveries from the database and sends them without blocking: at most
 * {@code max-in-flight} attempts on this instance and {@code max-in-flight-per-endpoint} per endpoint, so
 * a receiver that hangs for the whole timeout holds only its own slots while healthy endpoints proceed.
 * The database is the queue: a claim is a lease, so a crash loses no delivery (it becomes due again).
 */
@ApplicationScoped
public class DeliveryWorker {
    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);

    private final WebhookConfig config;
    private final DeliveryRepository deliveries;
    private final Instance<DeliveryService> service;
    private final DestinationPolicy destinations;
    private final WebhookSender sender;
    private final AfterCommit afterCommit;
    private final Tracing tracing;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentHashMap<UUID, Integer> inFlightByEndpoint = new ConcurrentHashMap<>();
    private final Counter attempted;
    private final Counter succeeded;
    private volatile boolean running;
    private volatile WorkerLoop poller;
    private ExecutorService resolvers;
    private Thread recorder;
    private final java.util.concurrent.LinkedBlockingQueue<AttemptOutcome> outcomes = new java.util.concurrent.LinkedBlockingQueue<>();

    DeliveryWorker(WebhookConfig config, DeliveryRepository deliveries, Instance<DeliveryService> service,
            DestinationPolicy destinations, WebhookSender sender, AfterCommit afterCommit,
            MeterRegistry meters, Tracing tracing) {
        this.tracing = tracing;
        this.config = config;
        this.deliveries = deliveries;
        this.service = service;
        this.destinations = destinations;
        this.sender = sender;
        this.afterCommit = afterCommit;
        this.attempted = meters.counter("babysea.webhook.attempts");
        this.succeeded = meters.counter("babysea.webhook.attempts.succeeded");
        meters.gauge("babysea.webhook.in.flight", inFlight);
    }

    void start(@Observes StartupEvent event) {
        if (!config.worker().enabled()) {
            return;
        }
        int threads = config.worker().blockingThreads();
        resolvers = Executors.newFixedThreadPool(threads, daemon("webhook-resolver"));
        running = true;
        recorder = new Thread(this::recordLoop, "webhook-attempt-recorder");
        recorder.setDaemon(true);
        recorder.start();
        // Completions wake the poller often under load; the minimum gap lets one poll serve many of them.
        poller = WorkerLoop.named("webhook-delivery-poller")
                .idleWait(config.worker().pollInterval())
                .minGap(config.worker().minPollGap())
                .failureBackoff(config.worker().failureBackoff(), config.worker().failureBackoffMax())
                .build(() -> pollOnce() >= config.worker().batchSize());
        poller.start();
    }

    void stop(@Observes ShutdownEvent event) {
        WorkerLoop current = poller;
        if (current == null) {
            return;
        }
        current.stop();
        resolvers.shutdownNow();
        running = false;
        try {
            recorder.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Wakes the poller once the current transaction commits, so a new delivery's first attempt is immediate. */
    public void wakeUpAfterCommit() {
        afterCommit.run(this::wake);
    }

    /** Wakes the poller now. */
    public void wake() {
        WorkerLoop current = poller;
        if (current != null) {
            current.wake();
        }
    }

    /** Stops claiming new deliveries (attempts in flight finish); used for maintenance and by the crash test. */
    public void pause() {
        WorkerLoop current = poller;
        if (current != null) {
            current.pause();
        }
    }

    /** Resumes claiming after {@link #pause()}. */
    public void resume() {
        WorkerLoop current = poller;
        if (current != null) {
            current.resume();
        }
    }

    /** Whether the poller made progress within {@code maxSilence}, or does not run here (for the readiness check). */
    public boolean healthy(Duration maxSilence) {
        WorkerLoop current = poller;
        return current == null || current.healthy(maxSilence);
    }

    /** Attempts currently in flight on this instance (for tests and metrics). */
    public int inFlight() {
        return inFlight.get();
    }

    /** One claim round; returns how many attempts it started. */
    int pollOnce() {
        int free = Math.min(config.worker().batchSize(), config.worker().maxInFlight() - inFlight.get());
        if (free <= 0) {
            return 0;
        }
        int perEndpoint = config.worker().maxInFlightPerEndpoint();
        List<UUID> saturated = new ArrayList<>();
        inFlightByEndpoint.forEach((endpoint, count) -> {
            if (count >= perEndpoint) {
                saturated.add(endpoint);
            }
        });
        List<ClaimedDelivery> claimed = QuarkusTransaction.requiringNew().call(() -> {
            List<DeliveryRepository.Due> due = deliveries.due(saturated.toArray(UUID[]::new), perEndpoint, free);
            Map<UUID, Integer> taken = new HashMap<>();
            List<UUID> ids = new ArrayList<>();
            for (DeliveryRepository.Due candidate : due) {
                int already = inFlightByEndpoint.getOrDefault(candidate.endpointId(), 0) + taken.getOrDefault(candidate.endpointId(), 0);
                if (already < perEndpoint) {
                    taken.merge(candidate.endpointId(), 1, Integer::sum);
                    ids.add(candidate.id());
                }
            }
            return ids.isEmpty() ? List.<ClaimedDelivery>of() : deliveries.claim(ids.toArray(UUID[]::new), config.worker().claimLease());
        });
        for (ClaimedDelivery delivery : claimed) {
            inFlight.incrementAndGet();
            inFlightByEndpoint.merge(delivery.endpointId(), 1, Integer::sum);
            resolvers.execute(() -> attempt(delivery));
        }
        return claimed.size();
    }

    private void attempt(ClaimedDelivery delivery) {
        Instant startedAt = Instant.now();
        try {
            if (!delivery.endpointEnabled()) {
                service.get().parkForDisabledEndpoint(delivery);
                release(delivery.endpointId());
                return;
            }
            PinnedDestination destination;
            try {
                destination = destinations.resolve(delivery.url());
            } catch (ForbiddenDestinationException e) {
                finish(delivery, AttemptResult.failure(startedAt, 0, "destination refused: " + e.getMessage()));
                return;
            }
            long signedAt = System.currentTimeMillis() / 1000;
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            headers.put("User-Agent", "BabySea-Webhooks/1");
            headers.put("X-BabySea-Signature", WebhookSigner.signatureHeader(delivery.secret(), signedAt, delivery.body()));
            headers.put("X-BabySea-Event", delivery.event());
            headers.put("X-BabySea-Delivery-Id", delivery.deliveryId().toString());
            headers.put("X-BabySea-Timestamp", delivery.timestamp());
            attempted.increment();
            // The attempt continues the trace stored with the delivery (the event's, and so the generation's).
            Span span = tracing.startFrom(delivery.traceparent(), "webhook deliver", SpanKind.CLIENT);
            span.setAttribute("babysea.webhook.event", delivery.event());
            span.setAttribute("babysea.webhook.delivery_id", delivery.deliveryId().toString());
            span.setAttribute("babysea.webhook.attempt", delivery.attempt());
            sender.send(destination, headers, delivery.body())
                    .whenComplete((result, error) -> {
                        AttemptResult outcome = result != null ? result : AttemptResult.failure(startedAt, 0, "internal error: " + error);
                        if (outcome.statusCode() != null) {
                            span.setAttribute("http.response.status_code", outcome.statusCode());
                        }
                        if (!outcome.succeeded()) {
                            span.setStatus(StatusCode.ERROR, outcome.error() != null ? outcome.error() : "status " + outcome.statusCode());
                        }
                        span.end();
                        finish(delivery, outcome);
                    });
        } catch (RuntimeException e) {
            LOG.warnf("attempt of %s failed before sending: %s", delivery, e.toString());
            finish(delivery, AttemptResult.failure(startedAt, 0, "internal error before sending"));
        }
    }

    /**
     * Frees the attempt's slots at once (the row stays leased until its outcome is recorded, so it cannot be
     * claimed twice) and hands the outcome to the recorder, which writes outcomes in batches.
     */
    private void finish(ClaimedDelivery delivery, AttemptResult result) {
        if (result.succeeded()) {
            succeeded.increment();
        }
        outcomes.add(new AttemptOutcome(delivery, result));
        release(delivery.endpointId());
    }

    private void recordLoop() {
        List<AttemptOutcome> batch = new ArrayList<>();
        while (running || !outcomes.isEmpty()) {
            try {
                AttemptOutcome first = outcomes.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                outcomes.drainTo(batch, config.worker().recordBatchSize() - 1);
                record(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void record(List<AttemptOutcome> batch) {
        try {
            service.get().recordAttempts(batch);
            wakeIfSequenceReleased(batch);
        } catch (RuntimeException batchFailure) {
            // One bad outcome must not hold back the others: retry them one transaction each.
            for (AttemptOutcome outcome : batch) {
                try {
                    service.get().recordAttempt(outcome.delivery(), outcome.result());
                    wakeIfSequenceReleased(List.of(outcome));
                } catch (RuntimeException e) {
                    // Not recorded: the claim's lease lapses and the delivery is attempted again (at-least-once).
                    LOG.warnf("could not record attempt %d of %s: %s", outcome.delivery().attempt(), outcome.delivery().deliveryId(),
                            e.toString());
                }
            }
        }
    }

    /** A recorded outcome of an open sequenced delivery makes the next one of its sequence due at once: poll now. */
    private void wakeIfSequenceReleased(List<AttemptOutcome> recorded) {
        for (AttemptOutcome outcome : recorded) {
            if (outcome.delivery().sequenceOpen()) {
                wake();
                return;
            }
        }
    }

    private void release(UUID endpointId) {
        int globalBefore = inFlight.getAndDecrement();
        int[] endpointBefore = new int[1];
        inFlightByEndpoint.computeIfPresent(endpointId, (id, count) -> {
            endpointBefore[0] = count;
            return count > 1 ? count - 1 : null;
        });
        // A freed slot may unblock due work that the last poll had to leave behind.
        if (endpointBefore[0] >= config.worker().maxInFlightPerEndpoint() || globalBefore >= config.worker().maxInFlight()) {
            wake();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
