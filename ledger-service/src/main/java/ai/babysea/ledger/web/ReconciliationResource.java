package ai.babysea.ledger.web;

import ai.babysea.ledger.reconciliation.ReconciliationReport;
import ai.babysea.ledger.reconciliation.ReconciliationService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Internal REST for operators and tests: runs the reconciliation check; 200 when every invariant holds, 409 otherwise. */
@Path("/internal/reconciliation")
@Produces(MediaType.APPLICATION_JSON)
public class ReconciliationResource {
    private final ReconciliationService reconciliation;

    ReconciliationResource(ReconciliationService reconciliation) {
        this.reconciliation = reconciliation;
    }

    @GET
    public Response run() {
        ReconciliationReport report = reconciliation.run();
        return Response.status(report.ok() ? 200 : 409).entity(report).build();
    }
}
