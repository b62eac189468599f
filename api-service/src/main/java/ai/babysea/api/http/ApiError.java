package ai.babysea.api.http;

import ai.babysea.api.error.ErrorDetails;
import com.fasterxml.jackson.annotation.JsonInclude;

/** `error` of the error envelope: the stable code, its type, a human message, whether retrying can help, and optional details. */
public record ApiError(String code, String type, String message, boolean retryable,
        @JsonInclude(JsonInclude.Include.NON_NULL) ErrorDetails details) {
}
