package ai.babysea.webhook.endpoint;

import java.util.List;
import java.util.Set;

/** The public webhook event names (docs/api/webhooks.md, "Events") and which of them an endpoint may subscribe to. */
public final class WebhookEvents {
    public static final String GENERATION_STARTED = "generation.started";
    public static final String GENERATION_COMPLETED = "generation.completed";
    public static final String GENERATION_FAILED = "generation.failed";
    public static final String GENERATION_CANCELED = "generation.canceled";
    public static final String CREDITS_LOW_BALANCE = "credits.low_balance";
    /** Sent only on request; not subscribable. */
    public static final String WEBHOOK_TEST = "webhook.test";

    /** Subscriptions of a new endpoint when none are given: the four generation events. */
    public static final List<String> DEFAULTS = List.of(GENERATION_STARTED, GENERATION_COMPLETED, GENERATION_FAILED,
            GENERATION_CANCELED);
    /** Every event an endpoint may subscribe to. */
    public static final Set<String> SUBSCRIBABLE = Set.of(GENERATION_STARTED, GENERATION_COMPLETED, GENERATION_FAILED,
            GENERATION_CANCELED, CREDITS_LOW_BALANCE);

    private WebhookEvents() {
    }
}
