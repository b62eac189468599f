package ai.babysea.ledger.transfer;

import ai.babysea.ledger.config.LedgerConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Periodically voids reservations that outlived their bound (several replicas share the work via SKIP LOCKED). */
@ApplicationScoped
class ExpirySweeper {
    private final TransferService transfers;
    private final LedgerConfig config;

    ExpirySweeper(TransferService transfers, LedgerConfig config) {
        this.transfers = transfers;
        this.config = config;
    }

    @Scheduled(every = "${babysea.ledger.expiry-sweep-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        int batch = config.expirySweepBatch();
        while (transfers.expireOverdue(Instant.now(), batch) == batch) {
            // keep going while full batches come back
        }
    }
}
