package ai.babysea.api.key;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The optional body of `POST /v1/keys/{apikey_id}/rotate` as the document describes it; {@link KeyResource} reads it strictly. */
public record RotateKeyRequest(
        @Schema(description = "Hours the old key keeps working, 1-168.", minimum = "1", maximum = "168", defaultValue = "24")
        Integer gracePeriodHours) {
}
