package ai.babysea.platform.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness fails when the outbox relay has made no progress for a minute (broker or database unreachable). */
@Readiness
@ApplicationScoped
class OutboxReadinessCheck implements HealthCheck {
    private final OutboxRelay relay;

    OutboxReadinessCheck(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("outbox-relay").status(relay.healthy())
                .withData("published", relay.publishedCount()).build();
    }
}
