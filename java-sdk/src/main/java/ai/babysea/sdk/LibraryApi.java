package ai.babysea.sdk;

import ai.babysea.sdk.model.ModelList;
import ai.babysea.sdk.model.ProviderList;

/** The `library:read` catalog routes. */
public final class LibraryApi {
    private final Transport transport;

    LibraryApi(Transport transport) {
        this.transport = transport;
    }

    /** `GET /v1/library/providers`. */
    public ProviderList providers() {
        return Json.convert(transport.send("GET", "/library/providers", null, null).data(), ProviderList.class);
    }

    /** `GET /v1/library/models`: every model with its schema, pricing and provider orders. */
    public ModelList models() {
        return Json.convert(transport.send("GET", "/library/models", null, null).data(), ModelList.class);
    }
}
