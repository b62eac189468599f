package ai.babysea.platform.web;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.platform.error.ServiceException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Renders every failure of a service's REST API as the contract's error envelope ({@link InternalErrors}): a
 * {@link ServiceException} with its code, status, details and headers; the framework's own 4xx answers as BSE2017
 * (404, status 404) or BSE2001 (status 400); anything else as BSE5001, whose body carries only the request id that the
 * cause is logged under.
 *
 * <p>The mappers have a lower priority than the default {@link Priorities#USER}: a service with its own family for
 * the same exception types (api-service's public envelope) overrides them, and only the mappers it does not replace
 * stay active there.
 */
class ServiceExceptionMappers {
    /** Below the default, so a service's own mapper for the same exception type wins. */
    static final int PRIORITY = Priorities.USER + 1000;
    private static final Logger LOG = Logger.getLogger(ServiceExceptionMappers.class);

    @ServerExceptionMapper(priority = PRIORITY)
    Response refused(ServiceException e) {
        return InternalErrors.of(InternalErrors.newRequestId(), e);
    }

    @ServerExceptionMapper(priority = PRIORITY)
    Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String requestId = InternalErrors.newRequestId();
        if (status >= 500) {
            LOG.errorf(e, "request %s failed", requestId);
            return InternalErrors.of(requestId, new ServiceException(ErrorCode.INTERNAL_ERROR, null));
        }
        ErrorCode code = status == 404 ? ErrorCode.RESOURCE_NOT_FOUND : ErrorCode.INVALID_INPUT;
        return InternalErrors.of(requestId, new ServiceException(code, e.getMessage()));
    }

    @ServerExceptionMapper(priority = PRIORITY)
    Response unexpected(Exception e) {
        String requestId = InternalErrors.newRequestId();
        LOG.errorf(e, "request %s failed unexpectedly", requestId);
        return InternalErrors.of(requestId, new ServiceException(ErrorCode.INTERNAL_ERROR, null));
    }
}
