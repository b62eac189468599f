package ai.babysea.api.account;

import ai.babysea.api.auth.CallContext;
import ai.babysea.api.auth.Scope;
import ai.babysea.api.config.ApiConfig;
import ai.babysea.api.error.ApiException;
import ai.babysea.api.http.Envelopes;
import ai.babysea.api.http.Fields;
import ai.babysea.api.http.JsonBodies;
import ai.babysea.api.http.PageEnvelope;
import ai.babysea.api.http.SuccessEnvelope;
import ai.babysea.contracts.ErrorCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operator bootstrap (admin token, see README): create accounts with a first key, grant credits. */
@Tag(name = "Operator")
@Path("/v1/admin/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminResource {
    private static final long MAX_GRANT_MICROS = 10_000_000L * 1_000_000L;

    private final AccountService accounts;
    private final CallContext call;
    private final ApiConfig config;

    AdminResource(AccountService accounts, CallContext call, ApiConfig config) {
        this.accounts = accounts;
        this.call = call;
        this.config = config;
    }

    @Operation(operationId = "createAccount", summary = "Create an account with its first API key",
            description = "The raw key is in `apikey.apikey_key` of this answer and never again.")
    @Extension(name = "x-babysea-admin", value = "true")
    @Extension(name = "x-babysea-errors", value = "BSE2001 BSE2001@415 BSE2008 BSE2010")
    @APIResponse(responseCode = "201", description = "Created.", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = CreatedAccountView.class)), extensions = @Extension(name = "x-babysea-envelope", value = "success"))
    @POST
    public Response create(@RequestBody(required = true, content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = CreateAccountRequest.class))) String body) {
        ObjectNode json = JsonBodies.object(body, config.maxBodyBytes(), false);
        Fields.onlyKnown(json, Set.of("account_name", "account_email", "account_is_personal", "billing_plan", "apikey_name",
                "apikey_preset"));
        String name = Fields.string(json, "account_name", true, 200);
        if (name.isBlank()) {
            throw new ApiException(ErrorCode.INVALID_INPUT, "Field 'account_name' must not be blank.", "account_name");
        }
        String email = Fields.string(json, "account_email", false, 320);
        String plan = Fields.string(json, "billing_plan", false, 32);
        if (plan == null) {
            plan = "Free";
        } else if (!AccountService.PLANS.contains(plan)) {
            throw new ApiException(ErrorCode.PARAMETER_OUT_OF_RANGE, "billing_plan must be one of " + AccountService.PLANS, "billing_plan");
        }
        Boolean personal = Fields.bool(json, "account_is_personal");
        String presetName = Fields.string(json, "apikey_preset", false, 32);
        Scope.Preset preset = presetName == null ? Scope.Preset.FULL_ACCESS : Scope.Preset.parse(presetName);
        if (preset == null) {
            throw new ApiException(ErrorCode.PARAMETER_OUT_OF_RANGE,
                    "apikey_preset must be one of full_access, generate_only, read_only, monitor_only", "apikey_preset");
        }
        String keyName = Fields.string(json, "apikey_name", false, 100);
        AccountService.CreatedAccount created = accounts.create(name.trim(), email, plan, personal != null && personal,
                keyName == null ? "Default key" : keyName, preset);
        return Response.status(201).entity(Envelopes.success(call.requestId(), "Account created", CreatedAccountView.of(created))).build();
    }

    @Operation(operationId = "listAccounts", summary = "The region's accounts, newest first",
            description = "Each with its plan and the balance last projected from the ledger (null before its first ledger event); "
                    + "`total`, `limit` and `offset` stand beside `data`.")
    @Extension(name = "x-babysea-admin", value = "true")
    @Extension(name = "x-babysea-errors", value = "BSE2001 BSE2008")
    @GET
    public PageEnvelope<AdminAccountList> list(
            @Parameter(description = "Page size.", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100",
                    defaultValue = "50")) @QueryParam("limit") String limitParam,
            @Parameter(description = "Accounts to skip.", schema = @Schema(type = SchemaType.INTEGER, minimum = "0", defaultValue = "0"))
            @QueryParam("offset") String offsetParam) {
        int limit = Fields.queryInteger(limitParam, "limit", 50, 1, 100);
        int offset = Fields.queryInteger(offsetParam, "offset", 0, 0, Integer.MAX_VALUE);
        AccountService.AccountPage page = accounts.page(limit, offset);
        List<AdminAccountView> views = page.accounts().stream().map(a -> AdminAccountView.of(a.account(), a.balanceMicros())).toList();
        return Envelopes.page(call.requestId(), "Accounts retrieved", new AdminAccountList(views), page.total(), limit, offset);
    }

    @Operation(operationId = "getAccountAsOperator", summary = "An account with its billing fields")
    @Extension(name = "x-babysea-admin", value = "true")
    @Extension(name = "x-babysea-errors", value = "BSE1008")
    @GET
    @Path("/{account_id}")
    public SuccessEnvelope<AdminAccountView> read(@Parameter(description = "The account's id.") @PathParam("account_id") String accountId) {
        return Envelopes.success(call.requestId(), "Account retrieved", AdminAccountView.of(accounts.find(parse(accountId))));
    }

    @Operation(operationId = "grantCredits", summary = "Grant credits to an account",
            description = "Through the ledger, idempotent by `grant_key`.")
    @Extension(name = "x-babysea-admin", value = "true")
    @Extension(name = "x-babysea-errors", value = "BSE1008 BSE2001 BSE2001@415 BSE2008 BSE2010 BSE3006 BSE3008 BSE5002")
    @POST
    @Path("/{account_id}/grants")
    public SuccessEnvelope<GrantView> grant(@Parameter(description = "The account's id.") @PathParam("account_id") String accountId,
            @RequestBody(required = true, content = @Content(mediaType = "application/json",
                    schema = @Schema(implementation = CreditGrantRequest.class))) String body) {
        UUID id = parse(accountId);
        ObjectNode json = JsonBodies.object(body, config.maxBodyBytes(), false);
        Fields.onlyKnown(json, Set.of("credits", "amount_micros", "grant_key", "description"));
        long micros;
        if (json.hasNonNull("amount_micros") == json.hasNonNull("credits")) {
            throw new ApiException(ErrorCode.INVALID_INPUT, "Send exactly one of 'credits' or 'amount_micros'.", "credits");
        }
        if (json.hasNonNull("amount_micros")) {
            micros = Fields.longInteger(json, "amount_micros", 1, MAX_GRANT_MICROS);
        } else {
            BigDecimal credits = Fields.number(json.get("credits"), "credits");
            if (credits.stripTrailingZeros().scale() > 3 || credits.signum() <= 0
                    || credits.compareTo(BigDecimal.valueOf(MAX_GRANT_MICROS / 1_000_000)) > 0) {
                throw new ApiException(ErrorCode.PARAMETER_OUT_OF_RANGE, "credits must be positive, at most 3 decimals, at most 10,000,000",
                        "credits");
            }
            micros = credits.movePointRight(6).longValueExact();
        }
        String grantKey = Fields.string(json, "grant_key", false, 200);
        String description = Fields.string(json, "description", false, 500);
        JsonNode balance = accounts.grant(id, grantKey == null ? "admin:" + UUID.randomUUID() : grantKey, micros,
                description == null ? "operator grant" : description);
        GrantView data = new GrantView(id.toString(), Envelopes.credits(micros), balance != null && balance.hasNonNull("available_micros")
                ? Envelopes.credits(balance.get("available_micros").asLong()) : null);
        return Envelopes.success(call.requestId(), "Credits granted", data);
    }

    private static UUID parse(String accountId) {
        try {
            return UUID.fromString(accountId);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.ACCOUNT_NOT_FOUND, null);
        }
    }
}
