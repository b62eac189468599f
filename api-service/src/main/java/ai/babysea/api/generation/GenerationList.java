package ai.babysea.api.generation;

import java.util.List;

/** `data` of `/v1/content/list`: one page of Generation records, newest first. */
public record GenerationList(List<GenerationView> generations) {
}
