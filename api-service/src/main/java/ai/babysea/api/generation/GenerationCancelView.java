package ai.babysea.api.generation;

/**
 * The answer of a cancel: the status after the wait, and whether the provider was told and the credits refunded
 * (both false until the router's verdict arrived).
 */
public record GenerationCancelView(String generationId, String generationStatus, boolean providerCancelSent, boolean creditsRefunded) {

    /** The view of a cancel's outcome. */
    static GenerationCancelView of(GenerationService.CancelOutcome outcome) {
        Generation g = outcome.generation();
        return new GenerationCancelView(g.generationId().toString(), g.status(), outcome.applied() && Boolean.TRUE.equals(g.providerCancelSent()),
                outcome.applied() && Boolean.TRUE.equals(g.creditsRefunded()));
    }
}
