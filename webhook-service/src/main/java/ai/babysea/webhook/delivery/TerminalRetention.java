package ai.babysea.webhook.delivery;

import ai.babysea.platform.inbox.InboxConfig;
import ai.babysea.platform.retention.PurgeTarget;
import ai.babysea.webhook.config.WebhookConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * Bounds `webhook_generation_terminals`: the platform's retention purge deletes a generation's terminal fact
 * {@code babysea.webhook.terminal-retention} after it was recorded. The fact must outlive every event that could still
 * contradict it, and such an event can arrive as late as a redelivery can, so the retention may not be shorter than
 * the inbox's; the service refuses to start when it is.
 */
@Startup
@ApplicationScoped
class TerminalRetention {
    private final PurgeTarget target;

    TerminalRetention(WebhookConfig config, InboxConfig inbox) {
        if (config.terminalRetention().compareTo(inbox.retention()) < 0) {
            throw new IllegalStateException("babysea.webhook.terminal-retention (" + config.terminalRetention()
                    + ") must be at least babysea.inbox.retention (" + inbox.retention() + "): a terminal event redelivered "
                    + "after its fact was purged would send a second terminal webhook");
        }
        this.target = new PurgeTarget("webhook_generation_terminals", "recorded_at", config.terminalRetention());
    }

    @Produces
    PurgeTarget terminals() {
        return target;
    }
}
