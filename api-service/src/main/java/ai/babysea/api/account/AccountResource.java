package ai.babysea.api.account;

import ai.babysea.api.auth.AuthenticatedKey;
import ai.babysea.api.auth.CallContext;
import ai.babysea.api.auth.RequiresScope;
import ai.babysea.api.auth.Scope;
import ai.babysea.api.error.ApiException;
import ai.babysea.api.http.Envelopes;
import ai.babysea.api.internal.LedgerClient;
import ai.babysea.api.logs.UsageService;
import ai.babysea.contracts.ErrorCode;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Account routes of §2.1–§2.4 (`account:read`) plus the credit statement (our addition, served by the ledger). */
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

    @GET
    @Path("/status")
    @RequiresScope(Scope.ACCOUNT_READ)
    public Map<String, Object> status() {
        AuthenticatedKey key = call.key();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("account_id", key.accountId().toString());
        data.put("apikey_id", key.keyId().toString());
        data.put("apikey_name", key.name());
        data.put("apikey_prefix", key.prefix());
        data.put("apikey_created_at", Envelopes.iso(key.createdAt()));
        data.put("apikey_last_used_at", Envelopes.iso(key.lastUsedAt()));
        data.put("apikey_expires_at", Envelopes.iso(key.expiresAt()));
        return Envelopes.success(call.requestId(), "API connected successfully", data);
    }

    @GET
    @Path("/usage")
    @RequiresScope(Scope.ACCOUNT_READ)
    public Map<String, Object> usage(@QueryParam("days") String daysParam) {
        int days = 30;
        if (daysParam != null && !daysParam.isBlank()) {
            try {
                days = Integer.parseInt(daysParam.trim());
            } catch (NumberFormatException e) {
                throw new ApiException(ErrorCode.INVALID_INPUT, "Query parameter 'days' must be an integer 1-90.", "days");
            }
            if (days < 1 || days > 90) {
                throw new ApiException(ErrorCode.PARAMETER_OUT_OF_RANGE, "Query parameter 'days' must be 1-90.", "days");
            }
        }
        OptionalLong balance = balances.available(call.key().accountId().toString());
        Map<String, Object> data = usage.usage(call.key().accountId(), days, balance.isPresent() ? Envelopes.credits(balance.getAsLong()) : null);
        return Envelopes.success(call.requestId(), "Usage retrieved", data);
    }

    @GET
    @Path("/user/account")
    @RequiresScope(Scope.ACCOUNT_READ)
    public Map<String, Object> account() {
        return Envelopes.success(call.requestId(), "Account retrieved", AccountViews.account(accounts.find(call.key().accountId())));
    }

    @GET
    @Path("/user/billing")
    @RequiresScope(Scope.ACCOUNT_READ)
    public Map<String, Object> billing() {
        Account account = accounts.find(call.key().accountId());
        OptionalLong balance = balances.available(account.accountId().toString());
        return Envelopes.success(call.requestId(), "Billing retrieved",
                AccountViews.billing(account, balance.isPresent() ? balance.getAsLong() : null));
    }

    /** The credit statement (reserve/charge/refund/add with balance after), newest first; top-level total/limit/offset. */
    @GET
    @Path("/user/credits")
    @RequiresScope(Scope.ACCOUNT_READ)
    public Map<String, Object> credits(@QueryParam("limit") String limitParam, @QueryParam("offset") String offsetParam) {
        int limit = bounded(limitParam, "limit", 50, 1, 500);
        int offset = bounded(offsetParam, "offset", 0, 0, Integer.MAX_VALUE);
        JsonNode page = ledger.statement(call.key().accountId().toString(), limit, offset);
        List<Map<String, Object>> entries = new ArrayList<>();
        for (JsonNode entry : page.path("entries")) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("transfer_id", entry.path("transfer_id").asText(null));
            row.put("type", entry.path("type").asText(null));
            row.put("amount", Envelopes.credits(entry.path("amount_micros").asLong()));
            row.put("balance_after", Envelopes.credits(entry.path("balance_after_micros").asLong()));
            row.put("generation_id", entry.path("generation_id").isNull() ? null : entry.path("generation_id").asText(null));
            row.put("model_identifier", entry.path("model_identifier").isNull() ? null : entry.path("model_identifier").asText(null));
            row.put("description", entry.path("description").isNull() ? null : entry.path("description").asText(null));
            row.put("created_at", entry.path("created_at").asText(null));
            entries.add(row);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("account_id", call.key().accountId().toString());
        data.put("entries", entries);
        Map<String, Object> body = Envelopes.success(call.requestId(), "Credit statement retrieved", data);
        body.put("total", page.path("total").asLong());
        body.put("limit", limit);
        body.put("offset", offset);
        return body;
    }

    static int bounded(String value, String name, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ApiException(ErrorCode.INVALID_INPUT, "Query parameter '" + name + "' must be an integer.", name);
        }
        if (parsed < min || parsed > max) {
            throw new ApiException(ErrorCode.PARAMETER_OUT_OF_RANGE, "Query parameter '" + name + "' must be " + min + "-" + max + ".", name);
        }
        return parsed;
    }
}
