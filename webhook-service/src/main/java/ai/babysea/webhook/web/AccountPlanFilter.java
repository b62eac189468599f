package ai.babysea.webhook.web;

import ai.babysea.webhook.retention.RetentionService;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Records the account's plan that api-service passes as the first {@code account_plan} query parameter on endpoint
 * management calls, so the delivery log is kept as long as the plan allows. Runs after the service-token check
 * (a lower priority runs first), on the request's worker thread like the resource method.
 */
@Provider
@Priority(Priorities.USER + 100)
public class AccountPlanFilter implements ContainerRequestFilter {
    /** The query parameter that carries the plan. */
    static final String PLAN_PARAMETER = "account_plan";

    private final RetentionService retention;

    AccountPlanFilter(RetentionService retention) {
        this.retention = retention;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String plan = request.getUriInfo().getQueryParameters().getFirst(PLAN_PARAMETER);
        if (plan == null || !request.getUriInfo().getPath().startsWith("/internal/accounts/")) {
            return;
        }
        retention.recordPlan(request.getUriInfo().getPathParameters().getFirst("accountId"), plan);
    }
}
