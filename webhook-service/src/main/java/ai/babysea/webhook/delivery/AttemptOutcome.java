package ai.babysea.webhook.delivery;

/** A finished attempt waiting to be recorded: the claim it belongs to and what happened. */
record AttemptOutcome(ClaimedDelivery delivery, AttemptResult result) {
}
