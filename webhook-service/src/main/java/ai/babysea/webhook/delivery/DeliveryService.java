package ai.babysea.webhook.delivery;

import ai.babysea.contracts.Ids;
import ai.babysea.contracts.events.EventEnvelope;
import ai.babysea.contracts.events.GenerationCanceled;
import ai.babysea.contracts.events.GenerationFailed;
import ai.babysea.contracts.events.GenerationStarted;
import ai.babysea.contracts.events.GenerationSucceeded;
import ai.babysea.contracts.events.LowBalanceCrossed;
import ai.babysea.webhook.config.WebhookConfig;
import ai.babysea.webhook.endpoint.Endpoint;
import ai.babysea.webhook.endpoint.EndpointRepository;
import ai.babysea.webhook.endpoint.WebhookEvents;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Turns consumed events into deliveries (in the consuming transaction, so a committed event always has
 * its deliveries) and applies the outcome of each attempt: retry schedule, final failure, auto-disable.
 */
@ApplicationScoped
public class DeliveryService implements ai.babysea.webhook.endpoint.EndpointService.DisabledEndpointHook {
    private static final Logger LOG = Logger.getLogger(DeliveryService.class);
    static final String DISABLED_REASON_FAILURES = "consecutive_failures";

    private final DeliveryRepository deliveries;
    private final EndpointRepository endpoints;
    private final WebhookConfig config;
    private final RetrySchedule schedule;
    private final DeliveryWorker worker;

    DeliveryService(DeliveryRepository deliveries, EndpointRepository endpoints, WebhookConfig config, DeliveryWorker worker) {
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.config = config;
        this.schedule = RetrySchedule.from(config.retry());
        this.worker = worker;
    }

    /** Creates the deliveries for one generation event; must run in the inbox's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onGenerationEvent(EventEnvelope envelope) {
        WebhookPayloads.Mapped mapped = switch (envelope.type()) {
            case GENERATION_STARTED -> WebhookPayloads.started(envelope.payloadAs(GenerationStarted.class));
            case GENERATION_SUCCEEDED -> WebhookPayloads.completed(envelope.payloadAs(GenerationSucceeded.class));
            case GENERATION_FAILED -> WebhookPayloads.failed(envelope.payloadAs(GenerationFailed.class));
            case GENERATION_CANCELED -> WebhookPayloads.canceled(envelope.payloadAs(GenerationCanceled.class));
            default -> null;
        };
        if (mapped == null) {
            return;
        }
        boolean terminal = !mapped.event().equals(WebhookEvents.GENERATION_STARTED);
        if (terminal && !deliveries.firstTerminal(mapped.generationId(), mapped.event())) {
            // Terminal is terminal: a second terminal event (a duplicate with a new event id, or a late
            // conflicting outcome) must not produce another webhook.
            LOG.debugf("generation %s already had a terminal webhook; %s ignored", mapped.generationId(), mapped.event());
            return;
        }
        String accountId = mapped.data().get("account_id").asText();
        // One started webhook per generation even after failover: it reports the provider first dispatched to.
        String dedupeKey = mapped.event() + ":" + mapped.generationId();
        fanOut(accountId, mapped.event(), mapped.generationId(), dedupeKey, mapped.data());
    }

    /** Creates the deliveries for a low-balance crossing (endpoints that opted in only). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onLowBalance(EventEnvelope envelope) {
        LowBalanceCrossed crossed = envelope.payloadAs(LowBalanceCrossed.class);
        fanOut(crossed.accountId(), WebhookEvents.CREDITS_LOW_BALANCE, null,
                WebhookEvents.CREDITS_LOW_BALANCE + ":" + envelope.eventId(), WebhookPayloads.lowBalance(crossed));
    }

    private void fanOut(String accountId, String event, String generationId, String dedupeKey, ObjectNode data) {
        String dataText = WebhookPayloads.text(data);
        Instant now = Instant.now();
        Instant timestamp = now.truncatedTo(ChronoUnit.MILLIS);
        java.util.List<String> ids = new java.util.ArrayList<>();
        java.util.List<String> endpointIds = new java.util.ArrayList<>();
        java.util.List<String> bodies = new java.util.ArrayList<>();
        for (Endpoint endpoint : endpoints.subscribedTo(accountId, event)) {
            if (endpoint.enabled()) {
                UUID id = Ids.uuidV7();
                ids.add(id.toString());
                endpointIds.add(endpoint.endpointId().toString());
                bodies.add(WebhookPayloads.body(event, id, timestamp, data));
            } else {
                deliveries.enqueue(Ids.uuidV7(), endpoint.endpointId(), accountId, event, generationId, dedupeKey, dataText,
                        now.plus(config.queueRetention()));
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        Duration first = schedule.delayBefore(1).orElse(Duration.ZERO);
        int created = deliveries.insertMany(ids.toArray(String[]::new), endpointIds.toArray(String[]::new), bodies.toArray(String[]::new),
                accountId, event, generationId, "event", dedupeKey, dataText, timestamp, now.plus(first));
        if (created > 0) {
            worker.wakeUpAfterCommit();
        }
    }

    /**
     * Inserts one pending delivery with a fresh id and timestamp; returns its id, or null if the dedupe key already has one.
     * A {@code sequenced} delivery is sent only after the earlier sequenced ones of its endpoint had their first outcome.
     */
    UUID createDelivery(UUID endpointId, String accountId, String event, String generationId, String origin, String dedupeKey,
            ObjectNode data, Instant now, boolean sequenced) {
        UUID id = Ids.uuidV7();
        Instant timestamp = now.truncatedTo(ChronoUnit.MILLIS);
        String body = WebhookPayloads.body(event, id, timestamp, data);
        Duration first = schedule.delayBefore(1).orElse(Duration.ZERO);
        boolean inserted = deliveries.insert(id, endpointId, accountId, event, generationId, origin, dedupeKey,
                WebhookPayloads.text(data), body, timestamp, now.plus(first), sequenced);
        return inserted ? id : null;
    }

    /** Stores one attempt and moves its delivery on; its own transaction. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordAttempt(ClaimedDelivery delivery, AttemptResult result) {
        apply(delivery, result);
    }

    /**
     * Stores a batch of attempts in one transaction, in completion order: runs of successes are written with a
     * few set-based statements, each failure on its own (it needs the retry schedule and the disable rule).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    void recordAttempts(java.util.List<AttemptOutcome> outcomes) {
        java.util.List<AttemptOutcome> successes = new java.util.ArrayList<>();
        for (AttemptOutcome outcome : outcomes) {
            if (outcome.result().succeeded()) {
                successes.add(outcome);
                continue;
            }
            flushSuccesses(successes);
            apply(outcome.delivery(), outcome.result());
        }
        flushSuccesses(successes);
    }

    private void flushSuccesses(java.util.List<AttemptOutcome> successes) {
        if (successes.isEmpty()) {
            return;
        }
        java.util.List<UUID> endpointIds = deliveries.recordSuccesses(successes);
        endpoints.recordSuccesses(endpointIds.stream().distinct().toArray(UUID[]::new));
        successes.clear();
    }

    private void apply(ClaimedDelivery delivery, AttemptResult result) {
        deliveries.insertAttempt(delivery.deliveryId(), delivery.attempt(), result);
        if (result.succeeded()) {
            if (deliveries.markSucceeded(delivery.deliveryId(), delivery.attempt(), result.statusCode())) {
                endpoints.recordSuccess(delivery.endpointId());
            }
            return;
        }
        Instant now = Instant.now();
        Optional<Duration> delay = schedule.delayBefore(delivery.attempt() + 1);
        boolean moved;
        if (delay.isPresent() && now.plus(delay.get()).isBefore(delivery.createdAt().plus(config.retry().maxAge()))) {
            moved = deliveries.scheduleRetry(delivery.deliveryId(), delivery.attempt(), result.statusCode(), result.error(),
                    now.plus(delay.get()));
        } else {
            moved = deliveries.markFailed(delivery.deliveryId(), delivery.attempt(), result.statusCode(), result.error());
        }
        if (!moved) {
            return;
        }
        int failures = endpoints.recordFailure(delivery.endpointId());
        if (failures >= config.autoDisableAfterFailures() && endpoints.disable(delivery.endpointId(), DISABLED_REASON_FAILURES)) {
            LOG.warnf("endpoint %s disabled after %d consecutive failed attempts", delivery.endpointId(), failures);
            onEndpointDisabled(delivery.endpointId());
        }
    }

    /** A claimed delivery whose endpoint was disabled meanwhile: it is not sent but moved to the endpoint's queue. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void parkForDisabledEndpoint(ClaimedDelivery delivery) {
        deliveries.parkIntoQueue(delivery.deliveryId(), delivery.attempt(), Instant.now().plus(config.queueRetention()));
    }

    /** Moves every pending delivery of a just-disabled endpoint into its queue (must run in a transaction). */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void onEndpointDisabled(UUID endpointId) {
        int parked = deliveries.parkAllIntoQueue(endpointId, Instant.now().plus(config.queueRetention()));
        if (parked > 0) {
            LOG.infof("endpoint %s disabled: %d pending deliveries moved to its queue", endpointId, parked);
        }
    }
}
