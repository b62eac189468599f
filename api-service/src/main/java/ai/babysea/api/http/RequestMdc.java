package ai.babysea.api.http;

/**
 * MDC keys of an HTTP request's log lines (JSON logs: the `mdc` object). The web filters set the request and account ids
 * and remove all three when the request ends; a use case adds the id of the generation it created.
 */
public final class RequestMdc {
    /** The request id of the envelope. */
    public static final String REQUEST_ID = "request_id";
    /** The authenticated key's account. */
    public static final String ACCOUNT_ID = "account_id";
    /** The generation a submit created. */
    public static final String GENERATION_ID = "generation_id";

    private RequestMdc() {
    }
}
