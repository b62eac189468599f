package ai.babysea.sdk.model;

import java.util.List;

/** One page of `GET /v1/content/list`, newest first; `total` counts every generation of the account. */
public record GenerationPage(List<Generation> generations, long total, int limit, int offset) {
    /** Whether another page follows this one. */
    public boolean hasMore() {
        return offset + generations.size() < total;
    }
}
