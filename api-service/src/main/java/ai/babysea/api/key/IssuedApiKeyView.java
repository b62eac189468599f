package ai.babysea.api.key;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** A just-issued key: its public fields plus the raw secret in `apikey_key`, the only time it is ever shown. */
public record IssuedApiKeyView(@JsonUnwrapped ApiKeyView key, String apikeyKey) {

    /** The view of an issued key. */
    public static IssuedApiKeyView of(KeyService.IssuedKey issued) {
        return new IssuedApiKeyView(ApiKeyView.of(issued.key()), issued.rawKey());
    }
}
