package ai.babysea.router.storage;

import ai.babysea.router.config.RouterConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/** Chooses the output store from `babysea.router.storage.kind` at start (the S3 client is built only when used). */
@ApplicationScoped
class OutputStores {
    @Produces
    @ApplicationScoped
    OutputStore outputStore(RouterConfig config, Instance<DatabaseOutputStore> database, Instance<S3OutputStore> s3) {
        return switch (config.storage().kind()) {
            case "s3" -> s3.get();
            case "database" -> database.get();
            default -> throw new IllegalStateException("babysea.router.storage.kind must be database or s3, not " + config.storage().kind());
        };
    }
}
