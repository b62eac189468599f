package ai.babysea.sdk.model;

/**
 * The answer of `POST /v1/content/generation/cancel/{id}`.
 *
 * @param confirmed true when the cancel was applied (HTTP 200); false when it was only requested and not confirmed in
 *     time (HTTP 202: the status is still `pending`/`processing`, both flags false, and the outcome arrives later)
 */
public record CancelResult(String generationId, GenerationStatus generationStatus, Boolean providerCancelSent, Boolean creditsRefunded,
        boolean confirmed) {

    /** The same answer with the confirmation the HTTP status carried. */
    public CancelResult withConfirmed(boolean value) {
        return new CancelResult(generationId, generationStatus, providerCancelSent, creditsRefunded, value);
    }
}
