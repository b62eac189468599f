package ai.babysea.webhook.retention;

import ai.babysea.webhook.config.WebhookConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Per-plan retention of the delivery log (docs/api/limits-and-retention.md): records each account's plan as api-service passes it,
 * and periodically deletes finished deliveries (with their attempts) and finished queue entries older than the
 * plan allows, in bounded batches of short transactions. Pending deliveries and pending queue entries are never
 * deleted. Several instances may purge at once (rows are taken with SKIP LOCKED).
 */
@ApplicationScoped
public class RetentionService {
    private static final Logger LOG = Logger.getLogger(RetentionService.class);
    /** What a plan name may look like; anything else is ignored (the account keeps its last known plan). */
    private static final Pattern PLAN = Pattern.compile("[A-Za-z][A-Za-z0-9 _-]{0,31}");

    private final RetentionRepository repository;
    private final WebhookConfig.Retention config;

    RetentionService(RetentionRepository repository, WebhookConfig config) {
        this.repository = repository;
        this.config = config.retention();
    }

    /** What one purge run deleted. */
    public record PurgeResult(long deliveries, long queueEntries) {
    }

    /** Records the account's plan (ignored when malformed); its own transaction, a no-op when unchanged. */
    @Transactional
    public void recordPlan(String accountId, String plan) {
        if (accountId == null || plan == null || !PLAN.matcher(plan).matches()) {
            return;
        }
        repository.upsertPlan(accountId, plan);
    }

    /** How long a finished delivery of an account on this plan is kept (plan names compare case-insensitively). */
    public Duration retentionFor(String plan) {
        if (plan == null) {
            return config.unknownPlan();
        }
        return switch (plan.toLowerCase(Locale.ROOT)) {
            case "free" -> config.free();
            case "starter" -> config.starter();
            case "pro" -> config.pro();
            case "scale" -> config.scale();
            case "enterprise" -> config.enterprise();
            default -> config.unknownPlan();
        };
    }

    @Scheduled(every = "${babysea.webhook.retention.interval:1h}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledPurge() {
        if (!config.enabled()) {
            return;
        }
        try {
            PurgeResult result = purge();
            if (result.deliveries() > 0 || result.queueEntries() > 0) {
                LOG.infof("delivery log retention: %d deliveries and %d queue entries deleted", result.deliveries(),
                        result.queueEntries());
            }
        } catch (RuntimeException e) {
            // The next run starts over; nothing is half-deleted (each batch commits or not).
            LOG.warnf("delivery log purge failed: %s", e.toString());
        }
    }

    /**
     * One purge run: walks every endpoint in id order and deletes its expired rows, one batch per transaction, until
     * done or {@code max-deletes-per-run} rows are gone.
     */
    public PurgeResult purge() {
        long budget = config.maxDeletesPerRun();
        long deliveries = 0;
        long queueEntries = 0;
        UUID after = new UUID(0L, 0L);
        while (budget > 0) {
            UUID from = after;
            List<RetentionRepository.EndpointPlan> page = QuarkusTransaction.requiringNew()
                    .call(() -> repository.endpointsAfter(from, config.endpointPageSize()));
            for (RetentionRepository.EndpointPlan endpoint : page) {
                Duration retention = retentionFor(endpoint.plan());
                long deleted = drain(budget, limit -> repository.deleteFinishedDeliveries(endpoint.endpointId(), retention, limit));
                deliveries += deleted;
                budget -= deleted;
                deleted = drain(budget, limit -> repository.deleteFinishedQueueEntries(endpoint.endpointId(), retention, limit));
                queueEntries += deleted;
                budget -= deleted;
                if (budget <= 0) {
                    break;
                }
            }
            if (page.size() < config.endpointPageSize()) {
                break;
            }
            after = page.get(page.size() - 1).endpointId();
        }
        return new PurgeResult(deliveries, queueEntries);
    }

    /** Runs a batched delete until it comes back short or the budget is spent; returns the rows deleted. */
    private long drain(long budget, java.util.function.IntUnaryOperator deleteBatch) {
        long deleted = 0;
        while (deleted < budget) {
            int limit = (int) Math.min(config.batchSize(), budget - deleted);
            int batch = QuarkusTransaction.requiringNew().call(() -> deleteBatch.applyAsInt(limit));
            deleted += batch;
            if (batch < limit) {
                break;
            }
        }
        return deleted;
    }
}
