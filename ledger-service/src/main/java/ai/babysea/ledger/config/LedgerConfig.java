package ai.babysea.ledger.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Ledger settings (prefix `babysea.ledger`); amounts are micro-credits (1 credit = 1,000,000 micros). */
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

    /** Largest single grant, cost or threshold, in micro-credits; default 9,999,999.999 credits (the contract's bound). */
    @WithDefault("9999999999000")
    long maxAmountMicros();

    /** The low-balance threshold of an account without settings, in micro-credits; default 500,000 (0.500 credits, the public default). */
    @WithDefault("500000")
    long alertDefaultThresholdMicros();

    /** How long past its bound a reservation may stay pending before reconciliation reports it (sweep lag); default 2 min. */
    @WithDefault("2m")
    Duration reconciliationOverdueGrace();

    /** Attempts of a whole poll batch in one transaction before its events are applied one by one; default 3. */
    @WithDefault("3")
    int batchAttempts();
}
