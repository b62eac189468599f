package ai.babysea.api.logs;

import ai.babysea.api.auth.CallContext;
import ai.babysea.api.auth.RequiresScope;
import ai.babysea.api.auth.Scope;
import ai.babysea.api.error.ApiException;
import ai.babysea.api.http.Envelopes;
import ai.babysea.api.http.PageEnvelope;
import ai.babysea.contracts.ErrorCode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** `GET /v1/logs` (our addition, `account:read`): the account's request log, newest first, 500 rows per page at most. */
@Path("/v1/logs")
@Produces(MediaType.APPLICATION_JSON)
public class LogsResource {
    private final UsageService usage;
    private final CallContext call;

    LogsResource(UsageService usage, CallContext call) {
        this.usage = usage;
        this.call = call;
    }

    @GET
    @RequiresScope(Scope.ACCOUNT_READ)
    public PageEnvelope<RequestLogList> logs(@QueryParam("limit") String limitParam, @QueryParam("offset") String offsetParam) {
        int limit = parse(limitParam, "limit", 100, 1, 500);
        int offset = parse(offsetParam, "offset", 0, 0, Integer.MAX_VALUE);
        UsageService.Page page = usage.page(call.key().accountId(), limit, offset);
        return Envelopes.page(call.requestId(), "Request log retrieved", new RequestLogList(page.logs()), page.total(), limit, offset);
    }

    private static int parse(String value, String name, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < min || parsed > max) {
                throw new ApiException(ErrorCode.PARAMETER_OUT_OF_RANGE, "Query parameter '" + name + "' must be " + min + "-" + max + ".", name);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ApiException(ErrorCode.INVALID_INPUT, "Query parameter '" + name + "' must be an integer.", name);
        }
    }
}
