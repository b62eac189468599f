package ai.babysea.api.key;

import java.util.List;

/** `data` of `GET /v1/keys`: every key of the account, newest first. */
public record ApiKeyList(List<ApiKeyView> apikeys, int apikeysTotal) {
}
