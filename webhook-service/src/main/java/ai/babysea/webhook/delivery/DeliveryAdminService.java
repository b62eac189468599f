package ai.babysea.webhook.delivery;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.contracts.Ids;
import ai.babysea.contracts.Json;
import ai.babysea.platform.error.ServiceException;
import ai.babysea.webhook.config.WebhookConfig;
import ai.babysea.webhook.delivery.DeliveryViews.AttemptView;
import ai.babysea.webhook.delivery.DeliveryViews.CreatedDelivery;
import ai.babysea.webhook.delivery.DeliveryViews.DeliverQueuedResult;
import ai.babysea.webhook.delivery.DeliveryViews.DeliveryPage;
import ai.babysea.webhook.delivery.DeliveryViews.DeliveryView;
import ai.babysea.webhook.delivery.DeliveryViews.QueuePage;
import ai.babysea.webhook.delivery.DeliveryViews.QueuedEventView;
import ai.babysea.webhook.endpoint.Endpoint;
import ai.babysea.webhook.endpoint.EndpointRepository;
import ai.babysea.webhook.endpoint.WebhookEvents;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Management use cases around deliveries: the log, test events, replays and the dead-letter queue.
 * Every message created here is a new delivery with a fresh id, timestamp and (at send time) signature.
 */
@ApplicationScoped
public class DeliveryAdminService {
    private static final Logger LOG = Logger.getLogger(DeliveryAdminService.class);
    private static final Set<String> DELIVERY_STATUSES = Set.of("pending", "succeeded", "failed");
    private static final Set<String> QUEUE_STATUSES = Set.of("pending", "delivered", "expired");
    private static final String ORIGIN_QUEUE = "queue";

    private final DeliveryRepository deliveries;
    private final EndpointRepository endpoints;
    private final DeliveryService deliveryService;
    private final DeliveryWorker worker;
    private final WebhookConfig config;

    DeliveryAdminService(DeliveryRepository deliveries, EndpointRepository endpoints, DeliveryService deliveryService,
            DeliveryWorker worker, WebhookConfig config) {
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.deliveryService = deliveryService;
        this.worker = worker;
        this.config = config;
    }

    /** Sends `webhook.test` (generation-shaped, all-zero generation id) to one endpoint, even if it is not subscribed. */
    @Transactional
    public CreatedDelivery sendTest(String accountId, UUID endpointId) {
        Endpoint endpoint = enabledEndpoint(accountId, endpointId, "send a test event");
        return create(endpoint, WebhookEvents.WEBHOOK_TEST, WebhookPayloads.TEST_GENERATION_ID, "test",
                WebhookPayloads.test(accountId).toString());
    }

    /** Re-sends a past delivery's data as a new delivery (fresh id, timestamp, signature). */
    @Transactional
    public CreatedDelivery replay(String accountId, UUID endpointId, UUID deliveryId) {
        Endpoint endpoint = enabledEndpoint(accountId, endpointId, "replay a delivery");
        DeliveryRepository.StoredDelivery original = deliveries.find(endpoint.endpointId(), deliveryId)
                .orElseThrow(() -> new ServiceException(ErrorCode.RESOURCE_NOT_FOUND, "no delivery with this id", "delivery_id"));
        return create(endpoint, original.event(), original.generationId(), "replay", original.data());
    }

    /**
     * Sends the pending queued events of a re-enabled endpoint (at most {@code max-queued-per-deliver-call}) as fresh
     * deliveries, sequentially: they are created here in queue order, in one transaction with marking the entries
     * delivered, and the worker sends each only after the previous one's first attempt has an outcome (see
     * {@link DeliveryRepository#due}). A crash midway leaves the rest pending in the database.
     */
    @Transactional
    public DeliverQueuedResult deliverQueued(String accountId, UUID endpointId) {
        Endpoint endpoint = enabledEndpoint(accountId, endpointId, "deliver queued events");
        deliveries.expireQueue();
        List<CreatedDelivery> created = new ArrayList<>();
        for (DeliveryRepository.QueuedEvent queued : deliveries.lockPendingQueue(endpoint.endpointId(), config.maxQueuedPerDeliverCall())) {
            CreatedDelivery delivery = create(endpoint, queued.event(), queued.generationId(), ORIGIN_QUEUE, queued.data());
            deliveries.markQueueDelivered(queued.id(), delivery.deliveryId());
            created.add(delivery);
        }
        return new DeliverQueuedResult(endpoint.endpointId(), created.size(), deliveries.queueSize(endpoint.endpointId(), "pending"),
                created);
    }

    /** A page of the endpoint's delivery log, newest first, each delivery with every attempt. */
    @Transactional
    public DeliveryPage log(String accountId, UUID endpointId, String status, int limit, int offset) {
        Endpoint endpoint = endpoint(accountId, endpointId);
        checkPage(limit, offset);
        if (status != null && !DELIVERY_STATUSES.contains(status)) {
            throw new ServiceException(ErrorCode.INVALID_INPUT, "status must be pending, succeeded or failed", "status");
        }
        List<DeliveryRepository.StoredDelivery> page = deliveries.page(endpoint.endpointId(), status, limit, offset);
        return new DeliveryPage(endpoint.endpointId(), deliveries.count(endpoint.endpointId(), status), limit, offset, withAttempts(page));
    }

    /** One delivery with every attempt. */
    @Transactional
    public DeliveryView delivery(String accountId, UUID endpointId, UUID deliveryId) {
        Endpoint endpoint = endpoint(accountId, endpointId);
        DeliveryRepository.StoredDelivery stored = deliveries.find(endpoint.endpointId(), deliveryId)
                .orElseThrow(() -> new ServiceException(ErrorCode.RESOURCE_NOT_FOUND, "no delivery with this id", "delivery_id"));
        return withAttempts(List.of(stored)).get(0);
    }

    /** A page of the endpoint's queue, oldest first. */
    @Transactional
    public QueuePage queue(String accountId, UUID endpointId, String status, int limit, int offset) {
        Endpoint endpoint = endpoint(accountId, endpointId);
        checkPage(limit, offset);
        if (status != null && !QUEUE_STATUSES.contains(status)) {
            throw new ServiceException(ErrorCode.INVALID_INPUT, "status must be pending, delivered or expired", "status");
        }
        deliveries.expireQueue();
        List<QueuedEventView> entries = deliveries.queue(endpoint.endpointId(), status, limit, offset).stream()
                .map(q -> new QueuedEventView(q.id(), q.event(), q.generationId(), q.status(), q.queuedAt(), q.expiresAt(),
                        q.deliveredAt(), q.deliveryId()))
                .toList();
        return new QueuePage(endpoint.endpointId(), deliveries.queueSize(endpoint.endpointId(), status), limit, offset, entries);
    }

    /** Marks queued events past their retention as expired (they are kept, visible, and never sent). */
    @Scheduled(every = "${babysea.webhook.queue-expiry-interval:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void expireQueue() {
        int expired = deliveries.expireQueue();
        if (expired > 0) {
            LOG.infof("%d queued webhook events expired", expired);
        }
    }

    private CreatedDelivery create(Endpoint endpoint, String event, String generationId, String origin, String dataText) {
        Instant now = Instant.now();
        UUID id = deliveryService.createDelivery(endpoint.endpointId(), endpoint.accountId(), event, generationId, origin, null,
                WebhookPayloads.parseData(dataText), now, ORIGIN_QUEUE.equals(origin));
        worker.wakeUpAfterCommit();
        return new CreatedDelivery(id, endpoint.endpointId(), event, origin, "pending", now);
    }

    private List<DeliveryView> withAttempts(List<DeliveryRepository.StoredDelivery> page) {
        Map<UUID, List<AttemptView>> attempts = new LinkedHashMap<>();
        page.forEach(d -> attempts.put(d.id(), new ArrayList<>()));
        if (!page.isEmpty()) {
            for (DeliveryRepository.StoredAttempt a : deliveries.attempts(attempts.keySet().toArray(UUID[]::new))) {
                attempts.get(a.deliveryId()).add(new AttemptView(a.attempt(), a.startedAt(), a.durationMs(), a.statusCode(), a.error()));
            }
        }
        return page.stream().map(d -> new DeliveryView(d.id(), d.endpointId(), d.event(), d.generationId(), d.origin(), d.status(),
                d.attemptCount(), d.lastStatusCode(), d.lastError(), d.createdAt(), d.nextAttemptAt(), d.completedAt(), json(d.body()),
                attempts.get(d.id()))).toList();
    }

    private Endpoint endpoint(String accountId, UUID endpointId) {
        return endpoints.find(accountId, endpointId)
                .orElseThrow(() -> new ServiceException(ErrorCode.RESOURCE_NOT_FOUND, "no webhook endpoint with this id", "endpoint_id"));
    }

    private Endpoint enabledEndpoint(String accountId, UUID endpointId, String action) {
        Endpoint endpoint = endpoint(accountId, endpointId);
        if (!endpoint.enabled()) {
            throw new ServiceException(ErrorCode.CONFLICT, "the endpoint is disabled; enable it to " + action, "endpoint_id");
        }
        return endpoint;
    }

    private static void checkPage(int limit, int offset) {
        if (limit < 1 || limit > 100) {
            throw new ServiceException(ErrorCode.PARAMETER_OUT_OF_RANGE, "limit must be 1-100", "limit");
        }
        if (offset < 0) {
            throw new ServiceException(ErrorCode.PARAMETER_OUT_OF_RANGE, "offset must be >= 0", "offset");
        }
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored body is not JSON", e);
        }
    }
}
