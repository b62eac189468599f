package ai.babysea.api.logs;

import ai.babysea.api.auth.CallContext;
import ai.babysea.api.auth.RequiresScope;
import ai.babysea.api.auth.Scope;
import ai.babysea.api.http.Envelopes;
import ai.babysea.api.http.Fields;
import ai.babysea.api.http.PageEnvelope;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** `GET /v1/logs` (our addition, `account:read`): the account's request log, newest first, 500 rows per page at most. */
@Tag(name = "Account")
@Path("/v1/logs")
@Produces(MediaType.APPLICATION_JSON)
public class LogsResource {
    private final UsageService usage;
    private final CallContext call;

    LogsResource(UsageService usage, CallContext call) {
        this.usage = usage;
        this.call = call;
    }

    @Operation(operationId = "listRequestLog", summary = "The account's request log, newest first",
            description = "No bodies; the route template, not the path; the caller's IP only as a hash prefix.")
    @Extension(name = "x-babysea-scope", value = "account:read")
    @Extension(name = "x-babysea-errors", value = "BSE2001 BSE2008")
    @GET
    @RequiresScope(Scope.ACCOUNT_READ)
    public PageEnvelope<RequestLogList> logs(
            @Parameter(description = "Page size.", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500",
                    defaultValue = "100")) @QueryParam("limit") String limitParam,
            @Parameter(description = "Entries to skip.", schema = @Schema(type = SchemaType.INTEGER, minimum = "0", defaultValue = "0"))
            @QueryParam("offset") String offsetParam) {
        int limit = Fields.queryInteger(limitParam, "limit", 100, 1, 500);
        int offset = Fields.queryInteger(offsetParam, "offset", 0, 0, Integer.MAX_VALUE);
        UsageService.Page page = usage.page(call.key().accountId(), limit, offset);
        return Envelopes.page(call.requestId(), "Request log retrieved", new RequestLogList(page.logs()), page.total(), limit, offset);
    }
}
