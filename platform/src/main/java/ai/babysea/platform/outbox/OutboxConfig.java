package ai.babysea.platform.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Outbox relay settings (prefix `babysea.outbox`). */
@ConfigMapping(prefix = "babysea.outbox")
public interface OutboxConfig {
    /** Whether this instance runs the relay loop; default true. */
    @WithDefault("true")
    boolean relayEnabled();

    /** Largest number of rows published per relay transaction; default 500. */
    @WithDefault("500")
    int batchSize();

    /** How long the relay sleeps when the outbox is empty and nobody woke it, in ms; default 100. */
    @WithDefault("100")
    long idlePollMs();

    /**
     * Shortest pause between two relay cycles, in ms; default 5. Commits wake the relay after each transaction; under
     * load the pause lets one cycle publish the rows of many commits with one produce request, one delete and one
     * durable commit, at the price of at most this much latency per hop.
     */
    @WithDefault("5")
    long minGapMs();

    /** How long the relay waits for Kafka to acknowledge one batch before retrying it, in ms; default 30000. */
    @WithDefault("30000")
    long sendTimeoutMs();

    /** Pause after a failed batch before retrying, in ms; doubles with each further failure in a row; default 1000. */
    @WithDefault("1000")
    long failureBackoffMs();

    /** Longest pause between failed batches (Kafka or the database down), in ms; default 10000. */
    @WithDefault("10000")
    long failureBackoffMaxMs();
}
