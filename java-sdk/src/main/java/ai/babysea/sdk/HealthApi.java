package ai.babysea.sdk;

import ai.babysea.sdk.model.CacheHealth;
import ai.babysea.sdk.model.ModelHealth;
import ai.babysea.sdk.model.ProviderHealth;
import ai.babysea.sdk.model.StorageHealth;

/** The `health:read` routes. */
public final class HealthApi {
    private final Transport transport;

    HealthApi(Transport transport) {
        this.transport = transport;
    }

    /** `GET /v1/health/inference/providers`. */
    public ProviderHealth providers() {
        return Json.convert(transport.send("GET", "/health/inference/providers", null, null).data(), ProviderHealth.class);
    }

    /** `GET /v1/health/inference/models`. */
    public ModelHealth models() {
        return Json.convert(transport.send("GET", "/health/inference/models", null, null).data(), ModelHealth.class);
    }

    /** `GET /v1/health/storage`. */
    public StorageHealth storage() {
        return Json.convert(transport.send("GET", "/health/storage", null, null).data(), StorageHealth.class);
    }

    /** `GET /v1/health/cache`. */
    public CacheHealth cache() {
        return Json.convert(transport.send("GET", "/health/cache", null, null).data(), CacheHealth.class);
    }
}
