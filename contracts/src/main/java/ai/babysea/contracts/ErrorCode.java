package ai.babysea.contracts;

/**
 * Stable machine error codes. BSE1xxx/BSE2xxx (except those marked "ours") are the public
 * contract's catalogue verbatim; the others fill the gaps the contract leaves open and are
 * documented in docs/api/errors.md.
 */
public enum ErrorCode {
    // BSE1xxx: authentication, authorization, account state (contract)
    AUTHENTICATION_REQUIRED("BSE1001", "authentication_required", 401, false, "No API key was supplied. Send 'Authorization: Bearer <api_key>'."),
    AUTHENTICATION_FAILED("BSE1002", "authentication_failed", 401, false, "The API key is invalid, expired or revoked."),
    INSUFFICIENT_PERMISSIONS("BSE1003", "insufficient_permissions", 403, false, "The API key lacks the scope this route requires."),
    INSUFFICIENT_CREDITS("BSE1004", "insufficient_credits", 402, false, "The credit balance is below the cost of this request. Top up credits or wait for the plan renewal."),
    RATE_LIMIT_EXCEEDED("BSE1005", "rate_limit_exceeded", 429, true, "Rate limit exceeded. Wait for the Retry-After period before retrying."),
    AUTH_RATE_LIMITED("BSE1006", "auth_rate_limited", 429, true, "Too many requests from this IP address."),
    IP_NOT_ALLOWED("BSE1007", "ip_not_allowed", 403, false, "The caller IP address is not on this API key's allowlist."),
    ACCOUNT_NOT_FOUND("BSE1008", "account_not_found", 404, false, "The account of this API key no longer exists."),
    CONCURRENCY_LIMIT_EXCEEDED("BSE1009", "concurrency_limit_exceeded", 429, true, "Too many generations in flight for this account."),

    // BSE2xxx: validation, input files, idempotency (contract)
    INVALID_INPUT("BSE2001", "invalid_input", 400, false, "The request has invalid parameters."),
    FILE_TOO_LARGE("BSE2002", "file_too_large", 422, false, "The input image exceeds the maximum dimensions."),
    FILE_TOO_SMALL("BSE2003", "file_too_small", 422, false, "The input image is below the minimum dimensions."),
    UNSUPPORTED_FILE_FORMAT("BSE2004", "unsupported_file_format", 422, false, "Only JPEG, PNG and WebP input files are accepted."),
    FILE_LOAD_ERROR("BSE2005", "file_load_error", 422, false, "The input file could not be loaded."),
    CONTENT_POLICY_VIOLATION("BSE2006", "content_policy_violation", 422, false, "The request was flagged by a safety filter."),
    FILE_SIZE_EXCEEDED("BSE2007", "file_size_exceeded", 422, false, "The input file is larger than allowed."),
    PARAMETER_OUT_OF_RANGE("BSE2008", "parameter_out_of_range", 422, false, "A parameter value is outside the range this model allows."),
    FILE_DOWNLOAD_ERROR("BSE2009", "file_download_error", 422, false, "The input file URL could not be downloaded."),
    // ours: the contract's legacy BSE2010 kept with its meaning
    PAYLOAD_TOO_LARGE("BSE2010", "payload_too_large", 413, false, "The request body is larger than allowed."),
    // ours
    MODEL_NOT_FOUND("BSE2011", "model_not_found", 404, false, "No model with this identifier exists."),
    // ours: an image model on the video route or the reverse
    WRONG_MEDIA_ROUTE("BSE2012", "wrong_media_route", 400, false, "This model does not produce the media type of this route."),
    // ours
    GENERATION_NOT_FOUND("BSE2013", "generation_not_found", 404, false, "No generation with this id exists."),
    // ours
    GENERATION_NOT_CANCELABLE("BSE2014", "generation_not_cancelable", 409, false, "The generation is already in a terminal state."),
    IDEMPOTENCY_KEY_REUSED("BSE2015", "idempotency_key_reused", 409, false, "This Idempotency-Key was used with a different request body."),
    IDEMPOTENCY_KEY_IN_PROGRESS("BSE2016", "idempotency_key_in_progress", 409, true, "A request with this Idempotency-Key is still being processed."),
    // ours
    RESOURCE_NOT_FOUND("BSE2017", "resource_not_found", 404, false, "The requested resource does not exist."),
    // ours: a management write that conflicts with the resource's current state
    CONFLICT("BSE2018", "conflict", 409, false, "The request conflicts with the current state of the resource."),

    // BSE3xxx: credit ledger (ours; the contract leaves the family unassigned)
    LEDGER_TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS("BSE3001", "transfer_exists_with_different_fields", 409, false, "A transfer with this id exists with different fields."),
    LEDGER_PENDING_TRANSFER_NOT_FOUND("BSE3002", "pending_transfer_not_found", 409, false, "No reservation exists for this generation."),
    LEDGER_PENDING_TRANSFER_ALREADY_POSTED("BSE3003", "pending_transfer_already_posted", 409, false, "The reservation was already posted."),
    LEDGER_PENDING_TRANSFER_ALREADY_VOIDED("BSE3004", "pending_transfer_already_voided", 409, false, "The reservation was already voided."),
    LEDGER_PENDING_TRANSFER_EXPIRED("BSE3005", "pending_transfer_expired", 409, false, "The reservation expired and was voided."),
    LEDGER_AMOUNT_INVALID("BSE3006", "amount_invalid", 400, false, "The amount must be a positive integer number of micro-credits within bounds."),
    LEDGER_ACCOUNT_NOT_FOUND("BSE3007", "credit_account_not_found", 404, false, "No credit account exists for this account id."),
    LEDGER_GRANT_KEY_CONFLICT("BSE3008", "grant_key_conflict", 409, false, "This grant key was already used with a different amount or account."),
    LEDGER_THRESHOLDS_INVALID("BSE3009", "thresholds_invalid", 400, false, "Thresholds must be at most 10 distinct positive amounts."),

    // BSE4xxx: inference providers (ours; numbers allocated here, the family is the contract's)
    PROVIDER_ERROR("BSE4001", "provider_error", 502, true, "The inference provider returned an error."),
    PROVIDER_TIMEOUT("BSE4002", "provider_timeout", 504, true, "The inference provider did not answer in time."),
    ALL_PROVIDERS_FAILED("BSE4003", "all_providers_failed", 502, true, "Every provider in the chain failed."),
    PROVIDER_RATE_LIMITED("BSE4004", "provider_rate_limited", 429, true, "The inference provider rate-limited the request."),
    PROVIDER_CAPACITY("BSE4005", "provider_capacity", 503, true, "The inference provider has no capacity right now."),
    PROVIDER_CREDITS_EXHAUSTED("BSE4006", "provider_credits_exhausted", 502, false, "The inference provider account is out of credit."),
    NO_PROVIDER_AVAILABLE("BSE4007", "no_provider_available", 503, true, "No provider in the chain can serve this request right now."),
    PROVIDER_INVALID_INPUT("BSE4008", "provider_invalid_input", 422, false, "The inference provider rejected the input."),
    PROVIDER_AUTH_ERROR("BSE4009", "provider_auth_error", 502, true, "The inference provider rejected our credentials."),

    // BSE5xxx: internal / infrastructure (ours)
    INTERNAL_ERROR("BSE5001", "internal_error", 500, true, "An internal error occurred."),
    SERVICE_UNAVAILABLE("BSE5002", "service_unavailable", 503, true, "A dependency is unavailable. Retry later."),
    RESERVATION_EXPIRED("BSE5003", "reservation_expired", 504, false, "The generation did not finish within its time bound; its credits were refunded."),
    STORAGE_ERROR("BSE5004", "storage_error", 500, true, "The outputs could not be stored.");

    private final String code;
    private final String type;
    private final int httpStatus;
    private final boolean retryable;
    private final String defaultMessage;

    ErrorCode(String code, String type, int httpStatus, boolean retryable, String defaultMessage) {
        this.code = code;
        this.type = type;
        this.httpStatus = httpStatus;
        this.retryable = retryable;
        this.defaultMessage = defaultMessage;
    }

    /** The stable `BSE` + 4 digit code. */
    public String code() {
        return code;
    }

    /** The snake_case error category. */
    public String type() {
        return type;
    }

    /** The HTTP status this error is answered with. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Whether a client may retry the same request. */
    public boolean retryable() {
        return retryable;
    }

    /** Human text used when no more specific message is given. */
    public String defaultMessage() {
        return defaultMessage;
    }

    /** Looks up a code by its `BSExxxx` string. */
    public static ErrorCode ofCode(String code) {
        for (ErrorCode value : values()) {
            if (value.code.equals(code)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown error code " + code);
    }
}
