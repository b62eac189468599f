package ai.babysea.sdk;

import ai.babysea.sdk.model.ApiKey;
import ai.babysea.sdk.model.ApiKeyList;
import ai.babysea.sdk.model.CreateApiKeyRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * API-key management (`/v1/keys`): listing needs `account:read`, every write a Full Access key (a key cannot mint a key
 * broader than itself). Writes are not retried on network failures: repeating one could do it twice.
 */
public final class KeysApi {
    private final Transport transport;

    KeysApi(Transport transport) {
        this.transport = transport;
    }

    /** `GET /v1/keys`. */
    public ApiKeyList list() {
        return Json.convert(transport.send("GET", "/keys", null, null).data(), ApiKeyList.class);
    }

    /** `GET /v1/keys/{id}`. */
    public ApiKey get(String apikeyId) {
        return Json.convert(transport.send("GET", "/keys/" + Paths.segment(apikeyId), null, null).data(), ApiKey.class);
    }

    /** `POST /v1/keys`: the answer's {@link ApiKey#apikeyKey()} is the raw key, shown this once. */
    public ApiKey create(CreateApiKeyRequest request) {
        return Json.convert(transport.send("POST", "/keys", request, null).data(), ApiKey.class);
    }

    /**
     * `POST /v1/keys/{id}/rotate`: a new key with the same name, preset, expiry and allowlist; the old one keeps working for
     * {@code gracePeriodHours} (1..168; null: 24). The answer is the new key (raw secret included) with the old one in
     * {@link ApiKey#rotatedApikey()}.
     */
    public ApiKey rotate(String apikeyId, Integer gracePeriodHours) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (gracePeriodHours != null) {
            body.put("grace_period_hours", gracePeriodHours);
        }
        return Json.convert(transport.send("POST", "/keys/" + Paths.segment(apikeyId) + "/rotate", body, null).data(), ApiKey.class);
    }

    /** `POST /v1/keys/{id}/revoke`: stops the key at once (idempotent). */
    public ApiKey revoke(String apikeyId) {
        return Json.convert(transport.send("POST", "/keys/" + Paths.segment(apikeyId) + "/revoke", null, null).data(), ApiKey.class);
    }

    /** `DELETE /v1/keys/{id}`: the same as revoke. */
    public ApiKey delete(String apikeyId) {
        return Json.convert(transport.send("DELETE", "/keys/" + Paths.segment(apikeyId), null, null).data(), ApiKey.class);
    }
}
