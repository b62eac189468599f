package ai.babysea.router.simulator;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.platform.web.InternalErrors;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Map;

/**
 * Internal REST (service token) to inject provider faults into the simulated providers of this instance: chaos runs
 * and tests. {@code PUT /internal/simulator/faults/{provider}} with {@code {"mode": "error|rate_limit|timeout|
 * accept_then_lose", "rate": 0..1}}; {@code DELETE} ends it.
 */
@Path("/internal/simulator/faults")
@Produces(MediaType.APPLICATION_JSON)
public class SimulatorResource {
    private final SimulatorFaults faults;

    SimulatorResource(SimulatorFaults faults) {
        this.faults = faults;
    }

    /** Body of a fault. */
    public record FaultRequest(String mode, Double rate) {
    }

    @GET
    public Map<String, SimulatorFaults.Fault> current() {
        return faults.current();
    }

    @PUT
    @Path("/{provider}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response set(@PathParam("provider") String provider, FaultRequest request) {
        SimulatorFaults.Mode mode;
        try {
            mode = SimulatorFaults.Mode.valueOf(request == null || request.mode() == null ? "" : request.mode().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return InternalErrors.of(ErrorCode.INVALID_INPUT, "mode must be one of error, rate_limit, timeout, accept_then_lose", "mode");
        }
        double rate = request.rate() == null ? 1.0 : request.rate();
        if (!(rate >= 0 && rate <= 1)) {
            return InternalErrors.of(ErrorCode.INVALID_INPUT, "rate must be between 0 and 1", "rate");
        }
        faults.set(provider, new SimulatorFaults.Fault(mode, rate));
        return Response.ok(faults.current()).build();
    }

    @DELETE
    @Path("/{provider}")
    public Map<String, SimulatorFaults.Fault> clear(@PathParam("provider") String provider) {
        faults.clear(provider);
        return faults.current();
    }

    @DELETE
    public Map<String, SimulatorFaults.Fault> clearAll() {
        faults.clearAll();
        return faults.current();
    }
}
