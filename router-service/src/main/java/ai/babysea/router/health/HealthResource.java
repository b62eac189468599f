package ai.babysea.router.health;

import ai.babysea.contracts.catalog.ModelDefinition;
import ai.babysea.contracts.catalog.Pricing;
import ai.babysea.router.provider.ProviderRegistry;
import ai.babysea.router.storage.OutputStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Internal health reads behind api-service's `/v1/health/inference/*` and `/v1/health/storage` (in the shapes those public routes answer). */
@Path("/internal/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {
    private final ProviderRegistry providers;
    private final ProviderHealth health;
    private final OutputStore store;

    HealthResource(ProviderRegistry providers, ProviderHealth health, OutputStore store) {
        this.providers = providers;
        this.health = health;
        this.store = store;
    }

    @GET
    @Path("/providers")
    public Map<String, Object> providers() {
        List<Map<String, Object>> entries = new ArrayList<>();
        boolean healthy = true;
        for (String provider : providers.knownProviders()) {
            if (providers.resolve(provider).isEmpty()) {
                continue;
            }
            ProviderHealth.Stats stats = health.stats(provider);
            healthy &= !"degraded".equals(stats.status());
            Map<String, Object> window = new LinkedHashMap<>();
            window.put("total_attempts", stats.total());
            window.put("failures", stats.failures());
            window.put("successes", stats.total() - stats.failures());
            window.put("duration_seconds", health.window().toSeconds());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("provider", provider);
            entry.put("status", stats.status());
            entry.put("failure_rate", stats.failureRate());
            entry.put("window", window);
            entries.add(entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", "providers");
        body.put("healthy", healthy);
        body.put("providers", entries);
        body.put("providers_total", entries.size());
        return body;
    }

    @GET
    @Path("/models")
    public Map<String, Object> models() {
        List<Map<String, Object>> entries = new ArrayList<>();
        boolean healthy = true;
        for (ModelDefinition model : providers.catalog().models()) {
            Map<String, Object> byProvider = new LinkedHashMap<>();
            boolean anyAvailable = false;
            for (String provider : model.supportedProviders()) {
                boolean available = providers.resolve(provider).isPresent() && health.admissible(provider, model.modelIdentifier());
                anyAvailable |= available;
                Map<String, Object> state = new LinkedHashMap<>();
                state.put("available", available);
                state.put("raw_model_id", model.nativeModelId(provider));
                byProvider.put(provider, state);
            }
            healthy &= anyAvailable;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("model_identifier", model.modelIdentifier());
            entry.put("model_type", model.modelType());
            entry.put("model_pricing", pricing(model.pricing()));
            entry.put("providers", byProvider);
            entries.add(entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", "models");
        body.put("healthy", healthy);
        body.put("models", entries);
        body.put("models_total", entries.size());
        return body;
    }

    @GET
    @Path("/storage")
    public Map<String, Object> storage() {
        OutputStore.StorageHealth probe = store.probe();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", "storage");
        body.put("healthy", probe.healthy());
        body.put("latency_ms", probe.latencyMs());
        body.put("bucket", probe.bucket());
        if (probe.error() != null) {
            body.put("error", probe.error());
        }
        return body;
    }

    /** `model_pricing` of the public catalog: a flat number of credits, or a map of variant to credits. */
    private static Object pricing(Pricing pricing) {
        if (pricing.variantsMicros() == null) {
            return credits(pricing.amountMicros());
        }
        Map<String, Object> variants = new LinkedHashMap<>();
        pricing.variantsMicros().forEach((key, micros) -> variants.put(key, credits(micros)));
        return variants;
    }

    private static BigDecimal credits(Long micros) {
        return micros == null ? null : BigDecimal.valueOf(micros, 6).stripTrailingZeros();
    }
}
