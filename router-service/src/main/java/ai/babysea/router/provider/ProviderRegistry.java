package ai.babysea.router.provider;

import ai.babysea.contracts.catalog.ModelCatalog;
import ai.babysea.contracts.catalog.ModelDefinition;
import ai.babysea.router.config.RouterConfig;
import ai.babysea.router.simulator.Simulator;
import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides which adapter serves a provider id: the real adapter when it is configured (has its API key),
 * otherwise the simulator under the provider's name when stand-in is on, otherwise none (the provider is
 * skipped in the chain).
 */
@ApplicationScoped
public class ProviderRegistry {
    private final Map<String, ProviderAdapter> real = new LinkedHashMap<>();
    private final Simulator simulator;
    private final boolean standIn;
    private final ModelCatalog catalog = ModelCatalog.load();

    ProviderRegistry(@All List<ProviderAdapter> adapters, Simulator simulator, RouterConfig config) {
        for (ProviderAdapter adapter : adapters) {
            if (adapter.configured()) {
                real.put(adapter.providerId(), adapter);
            }
        }
        this.simulator = simulator;
        this.standIn = config.simulator().standIn();
    }

    /** The adapter serving this provider id, if any. */
    public Optional<ProviderAdapter> resolve(String providerId) {
        ProviderAdapter adapter = real.get(providerId);
        if (adapter != null) {
            return Optional.of(adapter);
        }
        if (Simulator.PROVIDER_ID.equals(providerId) || standIn) {
            return Optional.of(simulator.as(providerId));
        }
        return Optional.empty();
    }

    /** Whether the provider is served by the simulator rather than its real API. */
    public boolean simulated(String providerId) {
        return !real.containsKey(providerId) && (Simulator.PROVIDER_ID.equals(providerId) || standIn);
    }

    /** The model catalog used for native ids. */
    public ModelCatalog catalog() {
        return catalog;
    }

    /** The native model id of a provider for a model, or the model identifier itself when the catalog has none. */
    public String nativeModelId(String modelIdentifier, String providerId) {
        return catalog.model(modelIdentifier).map(m -> m.nativeModelId(providerId)).orElse(modelIdentifier);
    }

    /** Every provider id known to the catalog or configured, in a stable order. */
    public Set<String> knownProviders() {
        Set<String> ids = new TreeSet<>(real.keySet());
        catalog.providers().forEach(p -> ids.add(p.providerId()));
        for (ModelDefinition model : catalog.models()) {
            ids.addAll(model.supportedProviders());
        }
        return ids;
    }
}
