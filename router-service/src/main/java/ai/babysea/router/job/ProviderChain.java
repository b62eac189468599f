package ai.babysea.router.job;

import ai.babysea.router.health.ProviderHealth;
import ai.babysea.router.provider.ProviderAdapter;
import ai.babysea.router.provider.ProviderRegistry;
import ai.babysea.router.provider.ProviderRequest;
import ai.babysea.contracts.events.GenerationParameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks the provider of a job's next attempt from the rest of its chain. Providers the request can run on (an adapter
 * serves them and can express the request) are tried in chain order, except that providers whose breaker does not
 * admit an attempt now are moved behind the others, in order of health; when every provider left is refused, the
 * healthiest one is tried anyway (panic, like Envoy's panic threshold). So a breaker decides the order, never whether a
 * generation a provider could serve is refused: {@code BSE4007} is left for a chain where nothing can run at all.
 */
@ApplicationScoped
public class ProviderChain {
    private final ProviderRegistry providers;
    private final ProviderHealth health;

    ProviderChain(ProviderRegistry providers, ProviderHealth health) {
        this.providers = providers;
        this.health = health;
    }

    /**
     * The provider for the next attempt, from position {@code from} of {@code order}, or null when no provider left can
     * run the request. The returned order is {@code order} with its rest rearranged as described; the pick is at
     * {@code index} of it.
     */
    public Pick next(Request request, List<String> order, int from) {
        List<String> head = new ArrayList<>(order.subList(0, Math.min(from, order.size())));
        List<String> admissible = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<String> unusable = new ArrayList<>();
        for (int i = from; i < order.size(); i++) {
            String provider = order.get(i);
            if (!canRun(request, provider, i)) {
                unusable.add(provider);
            } else if (health.admissible(provider, request.modelIdentifier())) {
                admissible.add(provider);
            } else {
                refused.add(provider);
            }
        }
        if (admissible.isEmpty() && refused.isEmpty()) {
            return null;
        }
        // Take an admission for the first admissible provider; one whose trial slots filled meanwhile joins the refused.
        while (!admissible.isEmpty()) {
            String provider = admissible.get(0);
            ProviderHealth.Admission admission = health.tryAdmit(provider, request.modelIdentifier());
            if (admission != null) {
                List<String> rearranged = rearrange(head, admissible, refused, unusable, request);
                return new Pick(head.size(), provider, rearranged, !rearranged.equals(order), admission);
            }
            refused.add(admissible.remove(0));
        }
        List<String> rearranged = rearrange(head, admissible, refused, unusable, request);
        return new Pick(head.size(), rearranged.get(head.size()), rearranged, !rearranged.equals(order), ProviderHealth.Admission.PANIC);
    }

    private List<String> rearrange(List<String> head, List<String> admissible, List<String> refused, List<String> unusable, Request request) {
        List<String> rearranged = new ArrayList<>(head);
        rearranged.addAll(admissible);
        rearranged.addAll(health.byHealth(refused, request.modelIdentifier()));
        // providers that cannot run the request stay in the order (it is the customer's), after every usable one
        rearranged.addAll(unusable);
        return rearranged;
    }

    /** Whether any provider from {@code from} on could run the request (ignoring breakers). */
    public boolean anyCanRun(Request request, List<String> order, int from) {
        for (int i = from; i < order.size(); i++) {
            if (canRun(request, order.get(i), i)) {
                return true;
            }
        }
        return false;
    }

    private boolean canRun(Request request, String provider, int position) {
        return providers.resolve(provider).map(adapter -> adapter.supports(request.at(provider, position, providers))).orElse(false);
    }

    /** The order {@code fastest} asks for: providers ranked by recent latency and success (see {@link ProviderHealth#rank}). */
    public List<String> fastest(List<String> order, String modelIdentifier) {
        return health.rank(order, modelIdentifier);
    }

    /** What the chain needs to know of a job to decide whether a provider can express it. */
    public record Request(String generationId, String modelIdentifier, String mediaType, GenerationParameters parameters, int attempt) {
        ProviderRequest at(String provider, int position, ProviderRegistry providers) {
            return new ProviderRequest(generationId, modelIdentifier, mediaType, provider, providers.nativeModelId(modelIdentifier, provider),
                    parameters, attempt, position);
        }
    }

    /** The provider picked for the next attempt, how it was admitted, and the (possibly rearranged) order it sits in. */
    public record Pick(int index, String provider, List<String> order, boolean reordered, ProviderHealth.Admission admission) {
    }

    /** The adapter serving a provider, if any. */
    ProviderAdapter adapter(String provider) {
        return providers.resolve(provider).orElse(null);
    }
}
