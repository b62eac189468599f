package ai.babysea.api.key;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** The answer of a rotation: the new key with its secret, and the old key (`rotated_apikey`) valid until its grace ends. */
public record RotatedApiKeyView(@JsonUnwrapped ApiKeyView key, String apikeyKey, ApiKeyView rotatedApikey) {
}
