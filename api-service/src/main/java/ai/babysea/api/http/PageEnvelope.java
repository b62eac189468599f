package ai.babysea.api.http;

/** The success envelope of a paginated route (docs/api/README.md, "Pagination"): `total`, `limit` and `offset` stand beside `data`. */
public record PageEnvelope<T>(String status, String requestId, String message, String timestamp, T data, long total, int limit,
        int offset) {
}
