package ai.babysea.ledger.web;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.ledger.transfer.AlertSettings;
import ai.babysea.ledger.transfer.AlertSettingsService;
import ai.babysea.ledger.transfer.Balance;
import ai.babysea.ledger.transfer.StatementEntry;
import ai.babysea.ledger.transfer.TransferService;
import ai.babysea.platform.error.ServiceException;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Internal REST for api-service: balances, statement, grants and low-balance alert settings. */
@Path("/internal/accounts/{accountId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class LedgerResource {
    private final TransferService transfers;
    private final AlertSettingsService alertSettings;

    LedgerResource(TransferService transfers, AlertSettingsService alertSettings) {
        this.transfers = transfers;
        this.alertSettings = alertSettings;
    }

    /** Request body of a grant. */
    public record GrantRequest(String grantKey, Long amountMicros, String description) {
    }

    /** A page of statement entries. */
    public record StatementPage(String accountId, long total, int limit, int offset, List<StatementEntry> entries) {
    }

    /** Request body of an alert settings update. */
    public record AlertSettingsRequest(Boolean enabled, List<Long> thresholdsMicros) {
    }

    @GET
    @Path("/balance")
    public Balance balance(@PathParam("accountId") String accountId) {
        return transfers.balance(accountId);
    }

    @GET
    @Path("/statement")
    public StatementPage statement(@PathParam("accountId") String accountId, @QueryParam("limit") @DefaultValue("50") int limit,
            @QueryParam("offset") @DefaultValue("0") int offset) {
        if (limit < 1 || limit > 500) {
            throw new ServiceException(ErrorCode.PARAMETER_OUT_OF_RANGE, "limit must be 1-500", "limit");
        }
        if (offset < 0) {
            throw new ServiceException(ErrorCode.PARAMETER_OUT_OF_RANGE, "offset must be >= 0", "offset");
        }
        return new StatementPage(accountId, transfers.statementSize(accountId), limit, offset,
                transfers.statement(accountId, limit, offset));
    }

    @POST
    @Path("/grants")
    @Transactional
    public Balance grant(@PathParam("accountId") String accountId, GrantRequest request) {
        if (request == null || request.amountMicros() == null) {
            throw new ServiceException(ErrorCode.INVALID_INPUT, "amount_micros is required", "amount_micros");
        }
        return transfers.grant(accountId, request.grantKey(), request.amountMicros(), request.description());
    }

    @GET
    @Path("/alert-settings")
    public AlertSettings alertSettings(@PathParam("accountId") String accountId) {
        return alertSettings.read(accountId);
    }

    @PUT
    @Path("/alert-settings")
    public AlertSettings updateAlertSettings(@PathParam("accountId") String accountId, AlertSettingsRequest request) {
        if (request == null || request.enabled() == null) {
            throw new ServiceException(ErrorCode.INVALID_INPUT, "enabled is required", "enabled");
        }
        return alertSettings.update(accountId, request.enabled(), request.thresholdsMicros());
    }
}
