package ai.babysea.router.simulator;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Provider faults the simulator injects on request (chaos runs and tests), per provider name: a share of the submits
 * under that name fail the chosen way. Set through {@code /internal/simulator/faults}; in memory per router instance.
 */
@ApplicationScoped
public class SimulatorFaults {
    /** How a faulty submit behaves. */
    public enum Mode {
        /** 503 with nothing created (a 5xx storm; the outcome is known). */
        ERROR,
        /** 429 with {@code Retry-After: 1}. */
        RATE_LIMIT,
        /** No answer within the call's time: nothing was created, but the router cannot know that (ambiguous). */
        TIMEOUT,
        /** The prediction is created and runs, then the answer is lost (ambiguous; the lookup must find it). */
        ACCEPT_THEN_LOSE
    }

    /** A fault in force for a provider: {@code rate} (0..1) of its submits fail with {@code mode}. */
    public record Fault(Mode mode, double rate) {
    }

    private final Map<String, Fault> faults = new ConcurrentHashMap<>();

    /** Puts a fault in force for a provider name (replacing any other). */
    public void set(String provider, Fault fault) {
        faults.put(provider, fault);
    }

    /** Ends the fault of a provider name. */
    public void clear(String provider) {
        faults.remove(provider);
    }

    /** Ends every fault. */
    public void clearAll() {
        faults.clear();
    }

    /** The faults in force. */
    public Map<String, Fault> current() {
        return Map.copyOf(faults);
    }

    /** The fault this submit under {@code provider} suffers, or null. */
    Mode draw(String provider) {
        Fault fault = faults.get(provider);
        if (fault == null || fault.rate() <= 0) {
            return null;
        }
        return fault.rate() >= 1 || ThreadLocalRandom.current().nextDouble() < fault.rate() ? fault.mode() : null;
    }
}
