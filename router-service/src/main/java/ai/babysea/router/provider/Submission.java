package ai.babysea.router.provider;

/**
 * A provider accepted a request.
 *
 * @param predictionId the provider's id for it (we generate one for sync providers)
 * @param handle opaque adapter data persisted with the attempt and passed back to poll and cancel (may be null)
 * @param immediateResult the final result when the provider answered synchronously, else null
 */
public record Submission(String predictionId, String handle, PollResult immediateResult) {
    /** An asynchronous submission to be polled. */
    public static Submission async(String predictionId) {
        return new Submission(predictionId, null, null);
    }

    /** An asynchronous submission with adapter data. */
    public static Submission async(String predictionId, String handle) {
        return new Submission(predictionId, handle, null);
    }

    /** A synchronous provider's finished result. */
    public static Submission completed(String predictionId, PollResult result) {
        return new Submission(predictionId, null, result);
    }
}
