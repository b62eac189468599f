package ai.babysea.api.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;

/**
 * `error.details` of the contract's error envelope (docs/api/README.md, "Envelopes"): only the members that apply are written. `field` names the
 * request field (or header, or query parameter) at fault; rate and concurrency limits say when to retry and the limit;
 * BSE1004 names the cost and the balance; BSE1003 the scope the route requires.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorDetails(
        String field,
        String requiredScope,
        Long retryAfterSeconds,
        Long limit,
        BigDecimal cost,
        BigDecimal creditBalance) {

    /** Details naming the field at fault; null when there is no field. */
    public static ErrorDetails field(String field) {
        return field == null ? null : new ErrorDetails(field, null, null, null, null, null);
    }

    /** Details of a refused scope. */
    public static ErrorDetails requiredScope(String scope) {
        return new ErrorDetails(null, scope, null, null, null, null);
    }

    /** Details of a limit: when to retry and the limit itself. */
    public static ErrorDetails retryAfter(long retryAfterSeconds, long limit) {
        return new ErrorDetails(null, null, retryAfterSeconds, limit, null, null);
    }

    /** Details of a balance below the cost, both in credits. */
    public static ErrorDetails credits(BigDecimal cost, BigDecimal creditBalance) {
        return new ErrorDetails(null, null, null, null, cost, creditBalance);
    }
}
