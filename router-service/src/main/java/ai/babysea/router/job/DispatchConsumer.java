package ai.babysea.router.job;

import ai.babysea.contracts.events.EventEnvelope;
import ai.babysea.contracts.events.EventType;
import ai.babysea.contracts.events.GenerationAdmitted;
import ai.babysea.contracts.events.GenerationCancelForwarded;
import ai.babysea.platform.inbox.Inbox;
import ai.babysea.platform.kafka.Redelivery;
import ai.babysea.platform.tracing.Tracing;
import ai.babysea.platform.tx.AfterCommit;
import ai.babysea.router.config.RouterConfig;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Thin consumer of {@code generation.dispatch}: one transaction per poll batch dedupes through the inbox and persists
 * the jobs (and cancels). New jobs are leased to this instance at once as far as it has in-flight slots, so the engine
 * starts them without a claim; the rest wait in the database for any instance's claimer.
 */
@ApplicationScoped
public class DispatchConsumer {
    static final String CONSUMER = "router.generation-dispatch";

    private final Inbox inbox;
    private final JobService jobs;
    private final JobEngine engine;
    private final LeaseKeeper leases;
    private final AfterCommit afterCommit;
    private final Tracing tracing;
    private final RouterConfig.Worker config;

    DispatchConsumer(Inbox inbox, JobService jobs, JobEngine engine, LeaseKeeper leases, AfterCommit afterCommit, Tracing tracing,
            RouterConfig config) {
        this.inbox = inbox;
        this.jobs = jobs;
        this.engine = engine;
        this.leases = leases;
        this.afterCommit = afterCommit;
        this.tracing = tracing;
        this.config = config.worker();
    }

    @Incoming("generation-dispatch")
    @Blocking
    public void onDispatch(ConsumerRecords<String, String> records) {
        // The job rows keep each record's trace, so the engine continues every generation's trace.
        tracing.consumeBatch(records, () -> Redelivery.handleBatch(CONSUMER, records, this::applyAll, envelope -> applyAll(List.of(envelope))));
    }

    @Transactional
    void applyAll(List<EventEnvelope> envelopes) {
        List<GenerationAdmitted> admitted = new ArrayList<>();
        for (EventEnvelope envelope : inbox.firstDeliveries(CONSUMER, envelopes, EventEnvelope::eventId)) {
            if (envelope.type() == EventType.GENERATION_ADMITTED) {
                admitted.add(envelope.payloadAs(GenerationAdmitted.class));
            } else if (envelope.type() == EventType.GENERATION_CANCEL_FORWARDED) {
                // a cancel stays behind its admission (same key): admit what came before it first
                admit(admitted);
                admitted = new ArrayList<>();
                GenerationCancelForwarded cancel = envelope.payloadAs(GenerationCancelForwarded.class);
                if (jobs.cancel(cancel) == JobService.CancelOutcome.CANCELED_WHILE_RUNNING) {
                    afterCommit.run(() -> engine.canceled(cancel.generationId()));
                }
            }
        }
        admit(admitted);
    }

    private void admit(List<GenerationAdmitted> admitted) {
        if (admitted.isEmpty()) {
            return;
        }
        int slots = leases.running() && !leases.paused() ? engine.reserve(admitted.size()) : 0;
        List<Job> leased;
        try {
            leased = jobs.admit(admitted, engine.owner(), slots, config.leaseDuration());
        } catch (RuntimeException e) {
            engine.unreserve(slots);
            throw e;
        }
        engine.unreserve(slots - leased.size());
        boolean queued = leased.size() < admitted.size();
        afterCommit.onCompletion(status -> {
            if (status == Status.STATUS_COMMITTED) {
                engine.adopt(leased);
                if (queued) {
                    leases.wake();
                }
            } else {
                engine.unreserve(leased.size());
            }
        });
    }
}
