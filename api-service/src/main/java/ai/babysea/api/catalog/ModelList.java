package ai.babysea.api.catalog;

import java.util.List;

/** `data` of `GET /v1/library/models`: the whole catalog. */
public record ModelList(List<ModelView> models, int modelsTotal) {
}
