package ai.babysea.platform.kafka;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Whether this application has begun to stop. From the first moment of the shutdown (before the datasource, the
 * transaction manager and the Kafka clients close) a consumer's failure is no longer evidence against its record: the
 * record is left uncommitted for the next instance instead of being retried, parked or dead-lettered (see
 * {@link Redelivery} and {@link DeadLetterUnlessStopping}).
 */
@ApplicationScoped
public class Stopping {
    private static volatile boolean stopping;

    /** True from the start of this application's shutdown until it starts again (tests restart it in one JVM). */
    public static boolean now() {
        return stopping;
    }

    void started(@Observes @Priority(1) StartupEvent event) {
        stopping = false;
    }

    // Priority 1: before every other shutdown observer (the outbox relay, the schedulers), so that nothing that fails
    // because of them is mistaken for a bad record.
    void stopping(@Observes @Priority(1) ShutdownEvent event) {
        stopping = true;
    }

    /** For tests of the consumers' failure paths: sets the flag as a shutdown (true) or a start (false) would. */
    public static void set(boolean value) {
        stopping = value;
    }
}
