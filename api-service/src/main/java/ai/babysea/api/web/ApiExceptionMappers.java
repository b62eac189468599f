package ai.babysea.api.web;

import ai.babysea.api.auth.CallContext;
import ai.babysea.api.error.ApiException;
import ai.babysea.api.http.Envelopes;
import ai.babysea.contracts.ErrorCode;
import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Renders every failure, including the framework's own (404, 405, 415, bad JSON), as the contract's error envelope. */
class ApiExceptionMappers {
    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    private final CallContext call;

    ApiExceptionMappers(CallContext call) {
        this.call = call;
    }

    @ServerExceptionMapper
    Response api(ApiException e) {
        call.errorCode(e.code().code());
        return Envelopes.errorResponse(call.requestId(), e);
    }

    @ServerExceptionMapper
    Response notFound(NotFoundException e) {
        return api(new ApiException(ErrorCode.RESOURCE_NOT_FOUND, "No route matches this path."));
    }

    @ServerExceptionMapper
    Response notAllowed(NotAllowedException e) {
        Response response = api(new ApiException(ErrorCode.INVALID_INPUT, 405, "This method is not allowed on this path.", null,
                Map.of()));
        String allow = e.getResponse().getHeaderString("Allow");
        return allow == null ? response : Response.fromResponse(response).header("Allow", allow).build();
    }

    @ServerExceptionMapper
    Response unsupported(NotSupportedException e) {
        return api(new ApiException(ErrorCode.INVALID_INPUT, 415, "Content-Type must be application/json.", null, Map.of()));
    }

    @ServerExceptionMapper
    Response notAcceptable(NotAcceptableException e) {
        return api(new ApiException(ErrorCode.INVALID_INPUT, 406, "This API only produces application/json.", null, Map.of()));
    }

    @ServerExceptionMapper
    Response json(JsonProcessingException e) {
        return api(new ApiException(ErrorCode.INVALID_INPUT, "The request body is not valid JSON."));
    }

    @ServerExceptionMapper
    Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 413) {
            return api(new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, null));
        }
        if (status >= 500) {
            LOG.errorf(e, "request %s failed", call.requestId());
            return api(new ApiException(ErrorCode.INTERNAL_ERROR, null));
        }
        return api(new ApiException(ErrorCode.INVALID_INPUT, status, "The request is invalid.", null, Map.of()));
    }

    @ServerExceptionMapper
    Response unexpected(Exception e) {
        LOG.errorf(e, "request %s failed unexpectedly", call.requestId());
        return api(new ApiException(ErrorCode.INTERNAL_ERROR, null));
    }
}
