package ai.babysea.sdk.model;

import java.util.List;

/** `GET /v1/keys`: the account's keys, never their secrets. */
public record ApiKeyList(List<ApiKey> apikeys, Integer apikeysTotal) {
}
