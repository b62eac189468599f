package ai.babysea.sdk;

import ai.babysea.sdk.model.GenerationStatus;
import java.time.Duration;

/** {@code waitFor} reached its deadline before the generation ended; the generation itself goes on. */
public final class GenerationTimeoutException extends BabySeaException {
    private final String generationId;
    private final Duration timeout;
    private final GenerationStatus lastStatus;

    public GenerationTimeoutException(String generationId, Duration timeout, GenerationStatus lastStatus) {
        super("Generation " + generationId + " was still " + (lastStatus == null ? "unknown" : lastStatus.wire()) + " after "
                + timeout.toMillis() + "ms", null, 0, null, true, 0, null);
        this.generationId = generationId;
        this.timeout = timeout;
        this.lastStatus = lastStatus;
    }

    /** The generation waited for. */
    public String generationId() {
        return generationId;
    }

    /** The deadline that passed. */
    public Duration timeout() {
        return timeout;
    }

    /** The status seen last (`PENDING` or `PROCESSING`). */
    public GenerationStatus lastStatus() {
        return lastStatus;
    }
}
