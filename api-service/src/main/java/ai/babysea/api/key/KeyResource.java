package ai.babysea.api.key;

import ai.babysea.api.auth.CallContext;
import ai.babysea.api.auth.RequiresScope;
import ai.babysea.api.auth.Scope;
import ai.babysea.api.config.ApiConfig;
import ai.babysea.api.error.ApiException;
import ai.babysea.api.http.Envelopes;
import ai.babysea.api.http.Fields;
import ai.babysea.api.http.JsonBodies;
import ai.babysea.api.http.SuccessEnvelope;
import ai.babysea.contracts.ErrorCode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * API-key management (our addition; the dashboard's key page as an API): list with `account:read`;
 * create, rotate and revoke only with a Full Access key, since a narrower key must not mint a
 * broader one.
 */
@Tag(name = "API keys")
@Path("/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
public class KeyResource {
    private final KeyService keys;
    private final CallContext call;
    private final ApiConfig config;

    KeyResource(KeyService keys, CallContext call, ApiConfig config) {
        this.keys = keys;
        this.call = call;
        this.config = config;
    }

    @Operation(operationId = "listKeys", summary = "The account's API keys, newest first", description = "Never the secrets.")
    @Extension(name = "x-babysea-scope", value = "account:read")
    @GET
    @RequiresScope(Scope.ACCOUNT_READ)
    public SuccessEnvelope<ApiKeyList> list() {
        List<ApiKeyView> views = keys.list(call.key().accountId()).stream().map(ApiKeyView::of).toList();
        return Envelopes.success(call.requestId(), "API keys retrieved", new ApiKeyList(views, views.size()));
    }

    @Operation(operationId = "getKey", summary = "One API key")
    @Extension(name = "x-babysea-scope", value = "account:read")
    @Extension(name = "x-babysea-errors", value = "BSE2017")
    @GET
    @Path("/{apikey_id}")
    @RequiresScope(Scope.ACCOUNT_READ)
    public SuccessEnvelope<ApiKeyView> read(@Parameter(description = "The key's id.") @PathParam("apikey_id") String keyId) {
        return Envelopes.success(call.requestId(), "API key retrieved", ApiKeyView.of(keys.find(call.key().accountId(), parse(keyId))));
    }

    @Operation(operationId = "createKey", summary = "Create an API key",
            description = "The raw key is in `apikey_key` of this answer and never again.")
    @Extension(name = "x-babysea-scope", value = "account:read")
    @Extension(name = "x-babysea-full-access", value = "true")
    @Extension(name = "x-babysea-errors", value = "BSE2001 BSE2001@415 BSE2008 BSE2010")
    @APIResponse(responseCode = "201", description = "Created.", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = IssuedApiKeyView.class)), extensions = @Extension(name = "x-babysea-envelope", value = "success"))
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(value = Scope.ACCOUNT_READ, fullAccess = true)
    public Response create(@RequestBody(required = true, content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = CreateKeyRequest.class))) String body) {
        ObjectNode json = JsonBodies.object(body, config.maxBodyBytes(), false);
        Fields.onlyKnown(json, Set.of("apikey_name", "apikey_preset", "apikey_expires_at", "apikey_ip_allowlist"));
        String name = Fields.string(json, "apikey_name", true, KeyService.MAX_NAME_CHARS);
        String presetName = Fields.string(json, "apikey_preset", true, 32);
        Scope.Preset preset = Scope.Preset.parse(presetName);
        if (preset == null) {
            throw new ApiException(ErrorCode.PARAMETER_OUT_OF_RANGE,
                    "apikey_preset must be one of full_access, generate_only, read_only, monitor_only.", "apikey_preset");
        }
        List<String> allowlist = Fields.strings(json, "apikey_ip_allowlist", Integer.MAX_VALUE, 64);
        KeyService.IssuedKey issued = issue(name, preset, Fields.instant(json, "apikey_expires_at"), allowlist);
        return Response.status(201).entity(Envelopes.success(call.requestId(), "API key created", IssuedApiKeyView.of(issued))).build();
    }

    private KeyService.IssuedKey issue(String name, Scope.Preset preset, java.time.Instant expiresAt, List<String> allowlist) {
        return keys.create(call.key().accountId(), name, preset, expiresAt, allowlist);
    }

    @Operation(operationId = "rotateKey", summary = "Rotate an API key",
            description = "A new key with the same name, preset, expiry and allowlist; the old one (`rotated_apikey`) keeps working "
                    + "until its grace period ends. Only an active key can be rotated (BSE2018).")
    @Extension(name = "x-babysea-scope", value = "account:read")
    @Extension(name = "x-babysea-full-access", value = "true")
    @Extension(name = "x-babysea-errors", value = "BSE2001 BSE2008 BSE2010 BSE2017 BSE2018")
    @POST
    @Path("/{apikey_id}/rotate")
    @RequiresScope(value = Scope.ACCOUNT_READ, fullAccess = true)
    public SuccessEnvelope<RotatedApiKeyView> rotate(@Parameter(description = "The key's id.") @PathParam("apikey_id") String keyId,
            @RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = RotateKeyRequest.class)))
            String body) {
        ObjectNode json = JsonBodies.object(body, config.maxBodyBytes(), true);
        Fields.onlyKnown(json, Set.of("grace_period_hours"));
        Integer grace = Fields.integer(json, "grace_period_hours", KeyService.MIN_GRACE_HOURS, KeyService.MAX_GRACE_HOURS);
        UUID id = parse(keyId);
        KeyService.IssuedKey issued = keys.rotate(call.key().accountId(), id, grace);
        RotatedApiKeyView data = new RotatedApiKeyView(ApiKeyView.of(issued.key()), issued.rawKey(),
                ApiKeyView.of(keys.find(call.key().accountId(), id)));
        return Envelopes.success(call.requestId(), "API key rotated", data);
    }

    @Operation(operationId = "revokeKey", summary = "Revoke an API key at once", description = "Revoking twice changes nothing.")
    @Extension(name = "x-babysea-scope", value = "account:read")
    @Extension(name = "x-babysea-full-access", value = "true")
    @Extension(name = "x-babysea-errors", value = "BSE2017")
    @POST
    @Path("/{apikey_id}/revoke")
    @RequiresScope(value = Scope.ACCOUNT_READ, fullAccess = true)
    public SuccessEnvelope<ApiKeyView> revoke(@Parameter(description = "The key's id.") @PathParam("apikey_id") String keyId) {
        return Envelopes.success(call.requestId(), "API key revoked", ApiKeyView.of(keys.revoke(call.key().accountId(), parse(keyId))));
    }

    @Operation(operationId = "deleteKey", summary = "Revoke an API key at once (same as revoke)")
    @Extension(name = "x-babysea-scope", value = "account:read")
    @Extension(name = "x-babysea-full-access", value = "true")
    @Extension(name = "x-babysea-errors", value = "BSE2017")
    @DELETE
    @Path("/{apikey_id}")
    @RequiresScope(value = Scope.ACCOUNT_READ, fullAccess = true)
    public SuccessEnvelope<ApiKeyView> delete(@Parameter(description = "The key's id.") @PathParam("apikey_id") String keyId) {
        return revoke(keyId);
    }

    private static UUID parse(String keyId) {
        try {
            return UUID.fromString(keyId);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.RESOURCE_NOT_FOUND, "No API key with this id exists.", "apikey_id");
        }
    }
}
