package ai.babysea.api.generation;

import ai.babysea.api.error.ApiException;
import ai.babysea.contracts.ErrorCode;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The optional filters of `/v1/content/list`: a generation status and a model identifier (null = any). Built only from
 * validated query parameters, so the repository may put its fields into SQL as bound values without further checks.
 */
public record GenerationFilter(String status, String model) {
    /** Every status a generation can have, in lifecycle order. */
    public static final List<String> STATUSES = List.of("pending", "processing", "succeeded", "failed", "canceled");
    /** The shape of a model identifier (`owner/name`, as the library spells them); anything else cannot match a generation. */
    static final Pattern MODEL = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}/[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$");

    /** The filter of the query parameters; a status outside {@link #STATUSES} or a malformed model is BSE2008. */
    static GenerationFilter parse(String status, String model) {
        String s = status == null || status.isBlank() ? null : status.trim();
        String m = model == null || model.isBlank() ? null : model.trim();
        if (s != null && !STATUSES.contains(s)) {
            throw new ApiException(ErrorCode.PARAMETER_OUT_OF_RANGE, "Query parameter 'status' must be one of "
                    + String.join(", ", STATUSES) + ".", "status");
        }
        if (m != null && !MODEL.matcher(m).matches()) {
            throw new ApiException(ErrorCode.PARAMETER_OUT_OF_RANGE, "Query parameter 'model' must be a model identifier such as "
                    + "bfl/flux-schnell.", "model");
        }
        return new GenerationFilter(s, m);
    }
}
