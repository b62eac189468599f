package ai.babysea.router.web;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.platform.web.InternalErrors;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Renders every failure in the error envelope; 5xx bodies carry no internals. */
class RouterExceptionMappers {
    private static final Logger LOG = Logger.getLogger(RouterExceptionMappers.class);

    @ServerExceptionMapper
    Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        ErrorCode code = status == 404 ? ErrorCode.RESOURCE_NOT_FOUND : status < 500 ? ErrorCode.INVALID_INPUT : ErrorCode.INTERNAL_ERROR;
        return InternalErrors.of(code, status < 500 ? e.getMessage() : null, null);
    }

    @ServerExceptionMapper
    Response unexpected(Exception e) {
        LOG.error("unexpected error", e);
        return InternalErrors.of(ErrorCode.INTERNAL_ERROR, null, null);
    }
}
