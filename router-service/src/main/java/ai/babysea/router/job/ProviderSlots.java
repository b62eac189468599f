package ai.babysea.router.job;

import ai.babysea.router.config.RouterConfig;
import ai.babysea.router.health.ProviderHealth;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * What a run holds at its provider while an attempt is in flight there: one of the provider's concurrency permits
 * (`router.providers.<id>.max-concurrency` per instance) and the breaker's admission, which the attempt's verdict or
 * its release gives back.
 */
final class ProviderSlots {
    /** Default per-provider concurrency when a provider has no settings. */
    private static final int DEFAULT_PROVIDER_CONCURRENCY = 500;

    private final ProviderHealth health;
    private final Map<String, RouterConfig.Provider> providerSettings;
    private final MeterRegistry meters;
    private final Map<String, Semaphore> providerPermits = new ConcurrentHashMap<>();

    ProviderSlots(ProviderHealth health, Map<String, RouterConfig.Provider> providerSettings, MeterRegistry meters) {
        this.health = health;
        this.providerSettings = providerSettings;
        this.meters = meters;
    }

    /** Takes a concurrency permit of the run's provider for it; false when the provider is at its bound. */
    boolean tryAcquirePermit(Run run) {
        if (!providerPermits(run.provider).tryAcquire()) {
            return false;
        }
        run.providerPermit = run.provider;
        return true;
    }

    /** Gives back everything the run holds at its provider (its attempt ended without a verdict, or was booked). */
    void releaseAll(Run run) {
        releaseProviderPermit(run);
        releaseAdmission(run);
    }

    /** Gives back the breaker's admission without a verdict (nothing was learnt about the provider). */
    void releaseAdmission(Run run) {
        ProviderHealth.Admission admission = run.admission;
        run.admission = null;
        if (admission != null && run.provider != null) {
            health.release(run.provider, run.job.modelIdentifier(), admission);
        }
    }

    /** Books the attempt's verdict on the provider's health and frees its admission. */
    void verdict(Run run, boolean success) {
        ProviderHealth.Admission admission = run.admission;
        run.admission = null;
        if (run.provider != null) {
            health.record(run.provider, run.job.modelIdentifier(), admission == null ? ProviderHealth.Admission.CLOSED : admission, success,
                    System.currentTimeMillis() - run.attemptStartedMs);
        }
    }

    /** Counts a pick the breakers refused everywhere (panic: the healthiest provider is tried anyway). */
    void countPick(ProviderChain.Pick pick) {
        if (pick.admission() == ProviderHealth.Admission.PANIC) {
            // every provider left was refused by its breaker: the healthiest is tried anyway rather than failing the generation
            meters.counter("babysea.router.breaker.panic", "provider", pick.provider()).increment();
        }
    }

    private Semaphore providerPermits(String provider) {
        return providerPermits.computeIfAbsent(provider, id -> {
            RouterConfig.Provider settings = providerSettings.get(id);
            return new Semaphore(settings == null ? DEFAULT_PROVIDER_CONCURRENCY : settings.maxConcurrency());
        });
    }

    /** Gives back the run's concurrency permit, if it holds one. */
    void releaseProviderPermit(Run run) {
        String provider = run.providerPermit;
        if (provider != null) {
            run.providerPermit = null;
            providerPermits(provider).release();
        }
    }

    /** Attempts in flight at a provider from this instance (metrics and tests). */
    int inFlightAt(String provider) {
        RouterConfig.Provider settings = providerSettings.get(provider);
        int max = settings == null ? DEFAULT_PROVIDER_CONCURRENCY : settings.maxConcurrency();
        return max - providerPermits(provider).availablePermits();
    }
}
