package ai.babysea.sdk.model;

import java.util.List;

/** `GET /v1/library/models`. */
public record ModelList(List<Model> models, Integer modelsTotal) {
}
