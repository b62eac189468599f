package ai.babysea.platform.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the retention purge runs (prefix `babysea.purge`); what it keeps is each table's retention. */
@ConfigMapping(prefix = "babysea.purge")
public interface PurgeConfig {
    /** Whether the scheduled purge runs on this instance; default true (false in the `test` profile: tests run it). */
    @WithDefault("true")
    boolean enabled();

    /** Time between two runs (the first one a minute after start); default 5 min. */
    @WithDefault("5m")
    Duration interval();

    /** Rows deleted per batch, one short transaction each; default 5,000. */
    @WithDefault("5000")
    int batchSize();

    /**
     * Batches per table per run; default 40: one run deletes at most 200,000 rows of a table and leaves the rest to
     * the next run, so no run holds the database long. With the defaults one instance purges up to 57.6 million rows
     * of a table a day (288 runs); a table that grows faster falls behind (`babysea_purge_runs_bounded_total`).
     */
    @WithDefault("40")
    int maxBatchesPerRun();
}
