package ai.babysea.sdk.model;

/**
 * Query of `GET /v1/estimate/{model}`; every field optional. The API clamps `count` to 1..100.
 *
 * @param durationSeconds video: one of the model's allowed durations (default the shortest)
 * @param resolution resolution-priced video models, e.g. `720p`
 * @param audio audio-priced video models
 */
public record EstimateRequest(Integer count, Double durationSeconds, String resolution, Boolean audio) {
    /** An estimate for this many outputs. */
    public static EstimateRequest count(int count) {
        return new EstimateRequest(count, null, null, null);
    }

    /** A video estimate. */
    public static EstimateRequest video(double durationSeconds, String resolution, Boolean audio) {
        return new EstimateRequest(null, durationSeconds, resolution, audio);
    }
}
