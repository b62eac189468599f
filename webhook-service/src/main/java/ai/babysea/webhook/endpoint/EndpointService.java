package ai.babysea.webhook.endpoint;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.contracts.Ids;
import ai.babysea.platform.error.ServiceException;
import ai.babysea.webhook.config.WebhookConfig;
import ai.babysea.webhook.signing.WebhookSigner;
import ai.babysea.webhook.ssrf.DestinationPolicy;
import ai.babysea.webhook.ssrf.ForbiddenDestinationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/** Endpoint management use cases; each public method is one transaction. */
@ApplicationScoped
public class EndpointService {
    /** Longest accepted description, in characters. */
    static final int MAX_DESCRIPTION_LENGTH = 500;

    private final EndpointRepository endpoints;
    private final DestinationPolicy destinations;
    private final WebhookConfig config;
    private final DisabledEndpointHook disabledHook;

    EndpointService(EndpointRepository endpoints, DestinationPolicy destinations, WebhookConfig config,
            DisabledEndpointHook disabledHook) {
        this.endpoints = endpoints;
        this.destinations = destinations;
        this.config = config;
        this.disabledHook = disabledHook;
    }

    /** What must happen, in the same transaction, when an endpoint is disabled (implemented by the delivery side). */
    public interface DisabledEndpointHook {
        /** Called inside the disabling transaction. */
        void onEndpointDisabled(UUID endpointId);
    }

    /** An endpoint together with its secret, returned only by create and rotate. */
    public record EndpointWithSecret(Endpoint endpoint, String secret) {
        @Override
        public String toString() {
            // Never let the secret reach a log line through string conversion.
            return "EndpointWithSecret[" + endpoint.endpointId() + "]";
        }
    }

    /** Registers an endpoint; the generated secret is returned once and never again. */
    @Transactional
    public EndpointWithSecret create(String accountId, String url, List<String> events, String description) {
        String checkedUrl = checkUrl(url);
        List<String> subscriptions = checkEvents(events == null ? WebhookEvents.DEFAULTS : events);
        checkDescription(description);
        if (endpoints.count(accountId) >= config.maxEndpointsPerAccount()) {
            throw new ServiceException(ErrorCode.CONFLICT, "an account may register at most " + config.maxEndpointsPerAccount()
                    + " webhook endpoints", null);
        }
        UUID id = Ids.uuidV7();
        String secret = WebhookSigner.newSecret();
        endpoints.insert(id, accountId, checkedUrl, description, secret, subscriptions);
        return new EndpointWithSecret(endpoints.find(accountId, id).orElseThrow(), secret);
    }

    /** Every endpoint of the account, oldest first. */
    @Transactional
    public List<Endpoint> list(String accountId) {
        return endpoints.list(accountId);
    }

    /** One endpoint, or BSE2017. */
    @Transactional
    public Endpoint get(String accountId, UUID id) {
        return endpoints.find(accountId, id).orElseThrow(EndpointService::notFound);
    }

    /** Changes url, events and/or description (absent fields keep their value). */
    @Transactional
    public Endpoint update(String accountId, UUID id, String url, List<String> events, String description) {
        Endpoint current = endpoints.lock(accountId, id).orElseThrow(EndpointService::notFound);
        String newUrl = url == null ? current.url() : checkUrl(url);
        List<String> newEvents = events == null ? current.events() : checkEvents(events);
        String newDescription = description == null ? current.description() : description;
        checkDescription(newDescription);
        endpoints.update(id, newUrl, newDescription, newEvents);
        return endpoints.find(accountId, id).orElseThrow();
    }

    /** Enables the endpoint and resets its failure counter; queued events stay queued until deliver-queued. */
    @Transactional
    public Endpoint enable(String accountId, UUID id) {
        endpoints.lock(accountId, id).orElseThrow(EndpointService::notFound);
        endpoints.enable(id);
        return endpoints.find(accountId, id).orElseThrow();
    }

    /** Disables the endpoint; its pending deliveries and every later matching event go to its queue. */
    @Transactional
    public Endpoint disable(String accountId, UUID id) {
        endpoints.lock(accountId, id).orElseThrow(EndpointService::notFound);
        if (endpoints.disable(id, "manual")) {
            disabledHook.onEndpointDisabled(id);
        }
        return endpoints.find(accountId, id).orElseThrow();
    }

    /** Replaces the secret; signing switches to the new one for every attempt from now on. */
    @Transactional
    public EndpointWithSecret rotateSecret(String accountId, UUID id) {
        endpoints.lock(accountId, id).orElseThrow(EndpointService::notFound);
        String secret = WebhookSigner.newSecret();
        endpoints.setSecret(id, secret);
        return new EndpointWithSecret(endpoints.find(accountId, id).orElseThrow(), secret);
    }

    /** Deletes the endpoint with its deliveries, attempts and queue. */
    @Transactional
    public void delete(String accountId, UUID id) {
        if (endpoints.delete(accountId, id) == 0) {
            throw notFound();
        }
    }

    static ServiceException notFound() {
        return new ServiceException(ErrorCode.RESOURCE_NOT_FOUND, "no webhook endpoint with this id", "endpoint_id");
    }

    String checkUrl(String url) {
        try {
            return destinations.validateUrl(url == null ? null : url.trim()).toString();
        } catch (ForbiddenDestinationException e) {
            throw new ServiceException(ErrorCode.INVALID_INPUT, e.getMessage(), "url");
        }
    }

    static List<String> checkEvents(List<String> events) {
        if (events.isEmpty()) {
            throw new ServiceException(ErrorCode.INVALID_INPUT, "events must name at least one event", "events");
        }
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String event : events) {
            if (event == null || !WebhookEvents.SUBSCRIBABLE.contains(event)) {
                throw new ServiceException(ErrorCode.INVALID_INPUT, "unknown or unsubscribable event: " + event
                        + " (allowed: generation.started, generation.completed, generation.failed, generation.canceled, "
                        + "credits.low_balance)", "events");
            }
            unique.add(event);
        }
        return new ArrayList<>(unique);
    }

    static void checkDescription(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            throw new ServiceException(ErrorCode.INVALID_INPUT, "description is longer than " + MAX_DESCRIPTION_LENGTH
                    + " characters", "description");
        }
    }
}
