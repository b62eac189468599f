package ai.babysea.contracts.catalog;

import ai.babysea.contracts.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The versioned model catalog shared by api-service (validation, pricing, library) and router-service (mapping). */
public final class ModelCatalog {
    /** Classpath location of the catalog data file. */
    public static final String RESOURCE = "/catalog/models.json";

    private static volatile ModelCatalog defaultCatalog;

    private final String catalogVersion;
    private final List<ProviderProfile> providers;
    private final Map<String, ModelDefinition> models;

    private ModelCatalog(CatalogFile file) {
        this.catalogVersion = file.catalogVersion();
        this.providers = List.copyOf(file.providers());
        Map<String, ModelDefinition> byId = new LinkedHashMap<>();
        for (ModelDefinition model : file.models()) {
            model.checkConsistency();
            if (byId.put(model.modelIdentifier(), model) != null) {
                throw new IllegalStateException("duplicate model " + model.modelIdentifier());
            }
        }
        this.models = Map.copyOf(byId);
        this.orderedModels = List.copyOf(byId.values());
    }

    private final List<ModelDefinition> orderedModels;

    /** The catalog bundled in this jar, loaded once. */
    public static ModelCatalog load() {
        ModelCatalog catalog = defaultCatalog;
        if (catalog == null) {
            synchronized (ModelCatalog.class) {
                catalog = defaultCatalog;
                if (catalog == null) {
                    try (InputStream in = ModelCatalog.class.getResourceAsStream(RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException("catalog resource missing: " + RESOURCE);
                        }
                        catalog = parse(in);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    defaultCatalog = catalog;
                }
            }
        }
        return catalog;
    }

    /** Parses a catalog file (used by tests with other data). */
    public static ModelCatalog parse(InputStream in) throws IOException {
        return new ModelCatalog(Json.mapper().readValue(in, CatalogFile.class));
    }

    /** Version string of the data file. */
    public String catalogVersion() {
        return catalogVersion;
    }

    /** All provider profiles, in catalog order. */
    public List<ProviderProfile> providers() {
        return providers;
    }

    /** All models, in catalog order. */
    public List<ModelDefinition> models() {
        return orderedModels;
    }

    /** The model with this identifier, if any. */
    public Optional<ModelDefinition> model(String modelIdentifier) {
        return Optional.ofNullable(models.get(modelIdentifier));
    }

    /** The provider profile with this id, if any. */
    public Optional<ProviderProfile> provider(String providerId) {
        return providers.stream().filter(p -> p.providerId().equals(providerId)).findFirst();
    }

    /** The on-disk shape of the catalog file. */
    record CatalogFile(String catalogVersion, List<ProviderProfile> providers, List<ModelDefinition> models) {
    }
}
