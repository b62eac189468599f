package ai.babysea.router.job;

import ai.babysea.contracts.events.EventEnvelope;
import ai.babysea.contracts.events.GenerationAdmitted;
import ai.babysea.contracts.events.GenerationCancelForwarded;
import ai.babysea.platform.inbox.Inbox;
import ai.babysea.platform.kafka.Redelivery;
import ai.babysea.platform.tracing.Tracing;
import ai.babysea.platform.tx.AfterCommit;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Thin consumer of `generation.dispatch`: dedupes through the inbox and persists the job (or the cancel)
 * in one transaction; execution happens later on the job worker, never on this thread.
 */
@ApplicationScoped
public class DispatchConsumer {
    static final String CONSUMER = "router.generation-dispatch";

    private final Inbox inbox;
    private final JobService jobs;
    private final JobRunner runner;
    private final AfterCommit afterCommit;
    private final Tracing tracing;

    DispatchConsumer(Inbox inbox, JobService jobs, JobRunner runner, AfterCommit afterCommit, Tracing tracing) {
        this.inbox = inbox;
        this.jobs = jobs;
        this.runner = runner;
        this.afterCommit = afterCommit;
        this.tracing = tracing;
    }

    @Incoming("generation-dispatch")
    @Blocking
    public void onDispatch(ConsumerRecord<String, String> record) {
        // The job row keeps this span's traceparent, so the worker continues the generation's trace.
        tracing.consume(record, () -> Redelivery.handle(CONSUMER, record.value(), this::apply));
    }

    @Transactional
    void apply(EventEnvelope envelope) {
        if (!inbox.firstDelivery(CONSUMER, envelope.eventId())) {
            return;
        }
        switch (envelope.type()) {
            case GENERATION_ADMITTED -> {
                if (jobs.admit(envelope.payloadAs(GenerationAdmitted.class))) {
                    afterCommit.run(runner::wake);
                }
            }
            case GENERATION_CANCEL_FORWARDED -> {
                GenerationCancelForwarded cancel = envelope.payloadAs(GenerationCancelForwarded.class);
                if (jobs.cancel(cancel) == JobService.CancelOutcome.CANCELED_WHILE_RUNNING) {
                    afterCommit.run(() -> runner.canceled(cancel.generationId()));
                }
            }
            default -> {
            }
        }
    }
}
