package ai.babysea.webhook.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness fails when the delivery poller has completed no poll for a minute (database unreachable, thread stuck). */
@Readiness
@ApplicationScoped
class DeliveryReadinessCheck implements HealthCheck {
    /** An idle poller still completes a poll every poll interval (200 ms by default). */
    private static final Duration MAX_SILENCE = Duration.ofMinutes(1);

    private final DeliveryWorker worker;

    DeliveryReadinessCheck(DeliveryWorker worker) {
        this.worker = worker;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("webhook-delivery-poller").status(worker.healthy(MAX_SILENCE))
                .withData("in_flight", worker.inFlight()).build();
    }
}
