package ai.babysea.webhook.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.platform.inbox.InboxConfig;
import ai.babysea.platform.retention.PurgeTarget;
import ai.babysea.webhook.config.WebhookConfig;
import java.lang.reflect.Proxy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Plain JUnit: a terminal fact may not be purged before a redelivered event could still need it. */
class TerminalRetentionTest {
    @Test
    void aTerminalRetentionShorterThanTheInboxRetentionIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new TerminalRetention(config(Duration.ofDays(7)), () -> Duration.ofDays(8)));
        assertTrue(e.getMessage().contains("babysea.webhook.terminal-retention"), e.getMessage());
    }

    @Test
    void anEqualOrLongerRetentionBoundsTheTable() {
        InboxConfig inbox = () -> Duration.ofDays(8);
        assertEquals(new PurgeTarget("webhook_generation_terminals", "recorded_at", Duration.ofDays(8)),
                new TerminalRetention(config(Duration.ofDays(8)), inbox).terminals());
        assertEquals(Duration.ofDays(14), new TerminalRetention(config(Duration.ofDays(14)), inbox).terminals().retention());
    }

    private static WebhookConfig config(Duration terminalRetention) {
        return (WebhookConfig) Proxy.newProxyInstance(WebhookConfig.class.getClassLoader(), new Class<?>[] {WebhookConfig.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("terminalRetention")) {
                        return terminalRetention;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
