package ai.babysea.api.account;

import ai.babysea.api.auth.CallContext;
import ai.babysea.api.auth.RequiresScope;
import ai.babysea.api.auth.Scope;
import ai.babysea.api.http.Envelopes;
import ai.babysea.api.http.Fields;
import ai.babysea.api.http.PageEnvelope;
import ai.babysea.api.http.SuccessEnvelope;
import ai.babysea.api.internal.LedgerClient;
import ai.babysea.api.logs.UsageService;
import ai.babysea.api.logs.UsageView;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Account routes (`account:read`: status, usage, account, billing) plus the credit statement (our addition, served by the ledger). */
@Tag(name = "Account")
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {
    private final CallContext call;
    private final AccountService accounts;
    private final BalanceProjection balances;
    private final UsageService usage;
    private final LedgerClient ledger;

    AccountResource(CallContext call, AccountService accounts, BalanceProjection balances, UsageService usage, LedgerClient ledger) {
        this.call = call;
        this.accounts = accounts;
        this.balances = balances;
        this.usage = usage;
        this.ledger = ledger;
    }

    @Operation(operationId = "getStatus", summary = "The calling key and its account",
            description = "A smoke test of the key: `apikey_last_used_at` is the use before this one.")
    @Extension(name = "x-babysea-scope", value = "account:read")
    @GET
    @Path("/status")
    @RequiresScope(Scope.ACCOUNT_READ)
    public SuccessEnvelope<StatusView> status() {
        return Envelopes.success(call.requestId(), "API connected successfully", StatusView.of(call.key()));
    }

    @Operation(operationId = "getUsage", summary = "Usage analytics of the last days",
            description = "Requests by route and outcome (from the request log) and generations by provider (from the generations) of the "
                    + "last `days` days; `usage_daily` splits those generations by UTC date (count, outcomes, credits spent).")
    @Extension(name = "x-babysea-scope", value = "account:read")
    @Extension(name = "x-babysea-errors", value = "BSE2001 BSE2008")
    @GET
    @Path("/usage")
    @RequiresScope(Scope.ACCOUNT_READ)
    public SuccessEnvelope<UsageView> usage(@Parameter(description = "Days back from now, 1-90.", schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
            maximum = "90", defaultValue = "30")) @QueryParam("days") String daysParam) {
        int days = Fields.queryInteger(daysParam, "days", 30, 1, 90);
        OptionalLong balance = balances.available(call.key().accountId().toString());
        UsageView data = usage.usage(call.key().accountId(), days, balance.isPresent() ? Envelopes.credits(balance.getAsLong()) : null);
        return Envelopes.success(call.requestId(), "Usage retrieved", data);
    }

    @Operation(operationId = "getAccount", summary = "The account's profile")
    @Extension(name = "x-babysea-scope", value = "account:read")
    @Extension(name = "x-babysea-errors", value = "BSE1008")
    @GET
    @Path("/user/account")
    @RequiresScope(Scope.ACCOUNT_READ)
    public SuccessEnvelope<AccountView> account() {
        return Envelopes.success(call.requestId(), "Account retrieved", AccountView.of(accounts.find(call.key().accountId())));
    }

    @Operation(operationId = "getBilling", summary = "The account's plan, credit balance and subscription period",
            description = "`billing_credit_balance` is the ledger's available balance in credits (3 decimals), null while unknown.")
    @Extension(name = "x-babysea-scope", value = "account:read")
    @Extension(name = "x-babysea-errors", value = "BSE1008")
    @GET
    @Path("/user/billing")
    @RequiresScope(Scope.ACCOUNT_READ)
    public SuccessEnvelope<BillingView> billing() {
        Account account = accounts.find(call.key().accountId());
        OptionalLong balance = balances.available(account.accountId().toString());
        return Envelopes.success(call.requestId(), "Billing retrieved",
                BillingView.of(account, balance.isPresent() ? balance.getAsLong() : null));
    }

    /** The credit statement (reserve/charge/refund/add with balance after), newest first; top-level total/limit/offset. */
    @Operation(operationId = "listCredits", summary = "The credit statement",
            description = "Reservations, charges, refunds and grants with the balance after each, newest first; served by the ledger.")
    @Extension(name = "x-babysea-scope", value = "account:read")
    @Extension(name = "x-babysea-errors", value = "BSE2001 BSE2008 BSE5002")
    @GET
    @Path("/user/credits")
    @RequiresScope(Scope.ACCOUNT_READ)
    public PageEnvelope<CreditStatementView> credits(
            @Parameter(description = "Page size.", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500",
                    defaultValue = "50")) @QueryParam("limit") String limitParam,
            @Parameter(description = "Entries to skip.", schema = @Schema(type = SchemaType.INTEGER, minimum = "0", defaultValue = "0"))
            @QueryParam("offset") String offsetParam) {
        int limit = Fields.queryInteger(limitParam, "limit", 50, 1, 500);
        int offset = Fields.queryInteger(offsetParam, "offset", 0, 0, Integer.MAX_VALUE);
        JsonNode page = ledger.statement(call.key().accountId().toString(), limit, offset);
        List<CreditStatementView.Entry> entries = new ArrayList<>();
        for (JsonNode entry : page.path("entries")) {
            entries.add(new CreditStatementView.Entry(entry.path("transfer_id").asText(null), entry.path("type").asText(null),
                    Envelopes.credits(entry.path("amount_micros").asLong()), Envelopes.credits(entry.path("balance_after_micros").asLong()),
                    textOrNull(entry, "generation_id"), textOrNull(entry, "model_identifier"), textOrNull(entry, "description"),
                    entry.path("created_at").asText(null)));
        }
        return Envelopes.page(call.requestId(), "Credit statement retrieved",
                new CreditStatementView(call.key().accountId().toString(), entries), page.path("total").asLong(), limit, offset);
    }

    private static String textOrNull(JsonNode entry, String name) {
        return entry.path(name).isNull() ? null : entry.path(name).asText(null);
    }
}
