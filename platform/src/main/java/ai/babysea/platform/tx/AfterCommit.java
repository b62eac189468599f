package ai.babysea.platform.tx;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Runs an action once the current transaction has committed (never after a rollback), e.g. waking a
 * worker for a row it can now see. Without an active transaction the action runs at once.
 */
@ApplicationScoped
public class AfterCommit {
    private final TransactionSynchronizationRegistry synchronizations;

    AfterCommit(TransactionSynchronizationRegistry synchronizations) {
        this.synchronizations = synchronizations;
    }

    /**
     * Tells {@code action} how the current transaction ended ({@link Status#STATUS_COMMITTED} or a rollback status), for
     * work that must be undone when it rolls back; without an active transaction it is told COMMITTED at once.
     */
    public void onCompletion(java.util.function.IntConsumer action) {
        try {
            synchronizations.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    action.accept(status);
                }
            });
        } catch (IllegalStateException e) {
            action.accept(Status.STATUS_COMMITTED);
        }
    }

    /** Schedules the action for after the commit of the current transaction. */
    public void run(Runnable action) {
        try {
            synchronizations.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        action.run();
                    }
                }
            });
        } catch (IllegalStateException e) {
            // No transaction is active: the caller's change is already durable.
            action.run();
        }
    }
}
