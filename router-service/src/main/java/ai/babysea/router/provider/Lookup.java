package ai.babysea.router.provider;

/**
 * What a provider knows of an attempt whose submit outcome was lost (the call timed out or failed after it was sent,
 * or the instance that sent it stopped before recording the answer).
 */
public sealed interface Lookup permits Lookup.Found, Lookup.NotFound, Lookup.Unsupported {
    /** The provider has a prediction for this attempt: it is adopted (polled), never submitted again. */
    record Found(String predictionId, String handle) implements Lookup {
    }

    /** The provider has no prediction for this attempt: another provider may run it. */
    record NotFound() implements Lookup {
    }

    /** The provider offers no way to find it (the attempt is written off; counted in a metric). */
    record Unsupported(String why) implements Lookup {
    }

    /** A lookup this adapter cannot make. */
    static Lookup unsupported(String why) {
        return new Unsupported(why);
    }
}
