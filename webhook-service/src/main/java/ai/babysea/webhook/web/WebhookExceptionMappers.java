package ai.babysea.webhook.web;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.platform.web.InternalErrors;
import ai.babysea.webhook.endpoint.WebhookException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Renders every failure in the contract's error envelope; 5xx bodies carry no internals. */
class WebhookExceptionMappers {
    private static final Logger LOG = Logger.getLogger(WebhookExceptionMappers.class);

    @ServerExceptionMapper
    Response webhook(WebhookException e) {
        return InternalErrors.of(e.code(), e.getMessage(), e.field());
    }

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
