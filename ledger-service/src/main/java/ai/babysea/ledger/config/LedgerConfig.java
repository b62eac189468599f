package ai.babysea.ledger.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Ledger settings (prefix `babysea.ledger`). */
@ConfigMapping(prefix = "babysea.ledger")
public interface LedgerConfig {
    /** How long an image reservation may stay pending before it is voided and the generation failed; default 15 min. */
    @WithDefault("15m")
    Duration reservationTimeoutImage();

    /** Same bound for video reservations; default 2 h. */
    @WithDefault("2h")
    Duration reservationTimeoutVideo();

    /** How often the expiry sweep runs; default 30 s. */
    @WithDefault("30s")
    Duration expirySweepInterval();

    /** Most expired reservations voided per sweep transaction; default 200. */
    @WithDefault("200")
    int expirySweepBatch();

    /** Largest single grant, in micro-credits; default 10,000,000 credits. */
    @WithDefault("10000000000000")
    long maxGrantMicros();
}
