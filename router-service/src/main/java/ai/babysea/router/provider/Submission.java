package ai.babysea.router.provider;

/**
 * A provider accepted a request.
 *
 * @param predictionId the provider's id for it (we generate one for sync providers)
 * @param immediateResult the final result when the provider answered synchronously, else null
 */
public record Submission(String predictionId, PollResult immediateResult) {
    /** An asynchronous submission to be polled. */
    public static Submission async(String predictionId) {
        return new Submission(predictionId, null);
    }
}
