package ai.babysea.harness.chaos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The short chaos run of the build, against the packaged local stack started as a separate process: 10 generations/s
 * with idempotent client retries while the ledger is SIGKILLed and restarted, the workers' PostgreSQL (ledger, router,
 * webhook) is SIGKILLed and started again on its data directory a second later, and the first provider of the chain
 * accepts half of its submits and loses the answer. Then every check of the full run (deploy/harness/README.md) must
 * pass. Bounded by the run's retry and settle timeouts; nothing is timed.
 */
class ChaosRunTest {

    @Test
    void nothingIsLostDoubledOrStrandedWhenTheLedgerTheWorkersDatabaseAndAProviderFail() throws Exception {
        Path root = Path.of(System.getProperty("babysea.repo.root", "../..")).toAbsolutePath().normalize();
        ChaosRun.Report report = ChaosRun.run(root, ChaosOptions.parse(new String[] {
                "--rate", "10",
                "--steps", "kill:ledger-service,postgres:workers,fault:accept_then_lose",
                "--warmup-s", "10", "--gap-s", "10", "--fault-s", "15", "--tail-s", "10",
                "--retry-deadline-s", "300", "--settle-timeout-s", "300"}));
        System.out.println(report.table());
        assertTrue(report.passed(), report.table());
    }
}
