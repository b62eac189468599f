package ai.babysea.api.catalog;

import ai.babysea.contracts.catalog.ModelCatalog;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the shared model catalog injectable (loaded once from the contracts jar). */
@Singleton
public class CatalogProducer {
    @Produces
    @Singleton
    ModelCatalog catalog() {
        return ModelCatalog.load();
    }
}
