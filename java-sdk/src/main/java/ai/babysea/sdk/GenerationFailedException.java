package ai.babysea.sdk;

import ai.babysea.sdk.model.Generation;
import ai.babysea.sdk.model.GenerationStatus;

/**
 * {@code waitFor} saw the generation end without outputs: `failed` (its `generation_error_code` is {@link #code()}) or
 * `canceled`. Not retryable: the same generation will not change any more.
 */
public final class GenerationFailedException extends BabySeaException {
    private final transient Generation generation;

    public GenerationFailedException(Generation generation) {
        super("Generation " + generation.generationId() + " ended " + generation.generationStatus().wire()
                + (generation.generationError() == null ? "" : ": " + generation.generationError()),
                generation.generationErrorCode(), 0, null, false, 0, null);
        this.generation = generation;
    }

    /** The final record. */
    public Generation generation() {
        return generation;
    }

    /** The generation's id. */
    public String generationId() {
        return generation.generationId();
    }

    /** `FAILED` or `CANCELED`. */
    public GenerationStatus status() {
        return generation.generationStatus();
    }
}
