package ai.babysea.router.job;

import ai.babysea.router.provider.ProviderRegistry;
import ai.babysea.router.provider.ProviderRequest;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Sends the provider cancels that canceled jobs queued (any instance may send them: they need only the provider and
 * the prediction id). Best effort: a provider that does not answer keeps running a prediction nobody will read, which
 * its own deadline ends.
 */
@ApplicationScoped
public class ProviderCancels {
    private static final Logger LOG = Logger.getLogger(ProviderCancels.class);
    /** Most provider cancels taken per sweep. */
    private static final int BATCH = 200;

    private final JobService jobs;
    private final ProviderRegistry providers;
    private final LeaseKeeper leases;

    ProviderCancels(JobService jobs, ProviderRegistry providers, LeaseKeeper leases) {
        this.jobs = jobs;
        this.providers = providers;
        this.leases = leases;
    }

    /** Sends the queued cancels (every second, and right after a cancel of a running job committed). */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void send() {
        if (!leases.running()) {
            return;
        }
        List<JobRepository.PendingCancel> pending = jobs.takePendingCancels(BATCH);
        for (JobRepository.PendingCancel cancel : pending) {
            providers.resolve(cancel.provider()).ifPresent(adapter -> {
                ProviderRequest request = new ProviderRequest(cancel.generationId(), cancel.modelIdentifier(), cancel.mediaType(),
                        cancel.provider(), providers.nativeModelId(cancel.modelIdentifier(), cancel.provider()), null, cancel.attempt(), -1);
                ProviderCalls.call(() -> adapter.cancel(request, cancel.predictionId(), cancel.handle())).whenComplete((ignored, error) -> {
                    if (error != null) {
                        LOG.warnf("provider cancel of %s at %s failed (best effort): %s", cancel.generationId(), cancel.provider(),
                                ProviderCalls.unwrap(error).toString());
                    }
                });
            });
        }
    }
}
