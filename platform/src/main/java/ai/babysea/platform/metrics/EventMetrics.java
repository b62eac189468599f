package ai.babysea.platform.metrics;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.contracts.events.CreditsGranted;
import ai.babysea.contracts.events.CreditsPosted;
import ai.babysea.contracts.events.CreditsReserved;
import ai.babysea.contracts.events.CreditsVoided;
import ai.babysea.contracts.events.DomainEvent;
import ai.babysea.contracts.events.GenerationAttemptFailed;
import ai.babysea.contracts.events.GenerationCanceled;
import ai.babysea.contracts.events.GenerationFailed;
import ai.babysea.contracts.events.GenerationStarted;
import ai.babysea.contracts.events.GenerationSucceeded;
import ai.babysea.contracts.events.LowBalanceCrossed;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Business metrics derived from the facts a service commits: every event that leaves through the
 * outbox is counted once, after its transaction committed, by the service that decided it
 * (generations by model/provider/status, provider attempts and failovers, ledger operations).
 */
@ApplicationScoped
public class EventMetrics {
    /** Value of the `provider` tag when no provider produced the outcome (e.g. rejected by the ledger). */
    static final String NO_PROVIDER = "none";

    private final MeterRegistry meters;

    EventMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Counts one committed event. */
    public void committed(DomainEvent event) {
        if (event instanceof GenerationSucceeded succeeded) {
            generation(succeeded.modelIdentifier(), succeeded.provider(), "succeeded");
            attempt(succeeded.provider(), "succeeded");
        } else if (event instanceof GenerationFailed failed) {
            generation(failed.modelIdentifier(), NO_PROVIDER, "failed");
            if (ErrorCode.INSUFFICIENT_CREDITS.code().equals(failed.errorCode())) {
                ledger("reserve", "rejected");
            }
        } else if (event instanceof GenerationCanceled canceled) {
            generation(canceled.modelIdentifier(), NO_PROVIDER, "canceled");
        } else if (event instanceof GenerationStarted started) {
            attempt(started.provider(), "started");
        } else if (event instanceof GenerationAttemptFailed failed) {
            attempt(failed.provider(), failed.retryable() ? "failed_retryable" : "failed_terminal");
            if (failed.retryable()) {
                meters.counter("babysea.router.failovers", "model", failed.modelIdentifier()).increment();
            }
        } else if (event instanceof CreditsReserved) {
            ledger("reserve", "ok");
        } else if (event instanceof CreditsPosted) {
            ledger("post", "ok");
        } else if (event instanceof CreditsVoided voided) {
            ledger("void", "ok");
            if ("reservation.expired".equals(voided.reason())) {
                meters.counter("babysea.ledger.reservations.expired").increment();
            }
        } else if (event instanceof CreditsGranted) {
            ledger("grant", "ok");
        } else if (event instanceof LowBalanceCrossed) {
            ledger("low_balance_alert", "ok");
        }
    }

    private void generation(String model, String provider, String status) {
        meters.counter("babysea.generations", "model", model, "provider", provider == null ? NO_PROVIDER : provider,
                "status", status).increment();
    }

    private void attempt(String provider, String outcome) {
        meters.counter("babysea.router.attempts", "provider", provider == null ? NO_PROVIDER : provider, "outcome", outcome).increment();
    }

    private void ledger(String operation, String result) {
        meters.counter("babysea.ledger.operations", "operation", operation, "result", result).increment();
    }
}
