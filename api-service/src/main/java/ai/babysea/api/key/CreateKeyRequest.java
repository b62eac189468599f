package ai.babysea.api.key;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of `POST /v1/keys` as the document describes it; {@link KeyResource} reads it strictly. */
public record CreateKeyRequest(
        @Schema(required = true, description = "At most 100 characters.", maxLength = 100, example = "production worker")
        String apikeyName,
        @Schema(required = true, description = "Which scopes the key holds (dashboard labels such as `Full Access` are accepted too).",
                enumeration = {"full_access", "generate_only", "read_only", "monitor_only"})
        String apikeyPreset,
        @Schema(description = "ISO-8601 time after which the key stops working; none means never.", format = "date-time")
        String apikeyExpiresAt,
        @Schema(description = "IPv4/IPv6 addresses allowed to use the key (exact match, at most 50; an array or a comma-separated "
                + "string); none means any.", oneOf = {String[].class, String.class})
        Object apikeyIpAllowlist) {
}
