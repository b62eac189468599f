package ai.babysea.api.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Plain JUnit: the account's plan is passed to webhook-service first, and a caller cannot supply their own. */
class WebhookEndpointsPlanTest {
    @Test
    void putsThePlanFirstAndKeepsTheCallersOtherParameters() {
        assertEquals("account_plan=Pro", WebhookEndpointsResource.withPlan(null, "Pro"));
        assertEquals("account_plan=Pro&limit=5&offset=10", WebhookEndpointsResource.withPlan("limit=5&offset=10", "Pro"));
        assertEquals("account_plan=Big+Plan%26Co", WebhookEndpointsResource.withPlan(null, "Big Plan&Co"));
    }

    @Test
    void dropsEveryCallerSuppliedPlanIncludingEncodedNames() {
        assertEquals("account_plan=Free&limit=5",
                WebhookEndpointsResource.withPlan("account_plan=Enterprise&limit=5&account%5Fplan=Scale&account_plan&%61ccount_plan=Pro", "Free"));
    }

    @Test
    void withoutAPlanTheQueryIsPassedOnWithoutCallerPlans() {
        assertEquals("limit=5", WebhookEndpointsResource.withPlan("limit=5&account_plan=Enterprise", null));
        assertNull(WebhookEndpointsResource.withPlan("account_plan=Enterprise", ""));
        assertNull(WebhookEndpointsResource.withPlan(null, null));
    }
}
