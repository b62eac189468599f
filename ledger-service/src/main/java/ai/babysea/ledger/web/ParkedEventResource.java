package ai.babysea.ledger.web;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.ledger.transfer.ParkedEvent;
import ai.babysea.ledger.transfer.ParkedEventService;
import ai.babysea.ledger.transfer.ReplayResult;
import ai.babysea.platform.error.ServiceException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Internal REST for operators: the records the consumers parked, and replay of one of them. */
@Path("/internal/parked-events")
@Produces(MediaType.APPLICATION_JSON)
public class ParkedEventResource {
    private final ParkedEventService parkedEvents;

    ParkedEventResource(ParkedEventService parkedEvents) {
        this.parkedEvents = parkedEvents;
    }

    /** A page of parked events, newest first. */
    public record ParkedEventPage(long total, int limit, int offset, List<ParkedEvent> entries) {
    }

    @GET
    public ParkedEventPage list(@QueryParam("limit") @DefaultValue("20") int limit, @QueryParam("offset") @DefaultValue("0") int offset) {
        if (limit < 1 || limit > ParkedEventService.MAX_PAGE) {
            throw new ServiceException(ErrorCode.PARAMETER_OUT_OF_RANGE, "limit must be 1-" + ParkedEventService.MAX_PAGE, "limit");
        }
        if (offset < 0) {
            throw new ServiceException(ErrorCode.PARAMETER_OUT_OF_RANGE, "offset must be >= 0", "offset");
        }
        return new ParkedEventPage(parkedEvents.count(), limit, offset, parkedEvents.page(limit, offset));
    }

    @POST
    @Path("/{consumer}/{topic}/{partition}/{offset}/replay")
    public ReplayResult replay(@PathParam("consumer") String consumer, @PathParam("topic") String topic,
            @PathParam("partition") int partition, @PathParam("offset") long offset) {
        return parkedEvents.replay(consumer, topic, partition, offset);
    }
}
