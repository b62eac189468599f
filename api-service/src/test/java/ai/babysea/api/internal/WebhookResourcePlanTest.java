package ai.babysea.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Plain JUnit: the account's plan is passed to webhook-service first, and a caller cannot supply their own. */
class WebhookResourcePlanTest {
    @Test
    void putsThePlanFirstAndKeepsTheCallersOtherParameters() {
        assertEquals("account_plan=Pro", WebhookResource.withPlan(null, "Pro"));
        assertEquals("account_plan=Pro&limit=5&offset=10", WebhookResource.withPlan("limit=5&offset=10", "Pro"));
        assertEquals("account_plan=Big+Plan%26Co", WebhookResource.withPlan(null, "Big Plan&Co"));
    }

    @Test
    void dropsEveryCallerSuppliedPlanIncludingEncodedNames() {
        assertEquals("account_plan=Free&limit=5",
                WebhookResource.withPlan("account_plan=Enterprise&limit=5&account%5Fplan=Scale&account_plan&%61ccount_plan=Pro", "Free"));
    }

    @Test
    void withoutAPlanTheQueryIsPassedOnWithoutCallerPlans() {
        assertEquals("limit=5", WebhookResource.withPlan("limit=5&account_plan=Enterprise", null));
        assertNull(WebhookResource.withPlan("account_plan=Enterprise", ""));
        assertNull(WebhookResource.withPlan(null, null));
    }
}
