package ai.babysea.api.account;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of `POST /v1/admin/accounts` as the document describes it; {@link AdminResource} reads it strictly. */
public record CreateAccountRequest(
        @Schema(required = true, description = "At most 200 characters.", maxLength = 200, example = "Acme")
        String accountName,
        @Schema(description = "At most 320 characters.", maxLength = 320, example = "ops@acme.test")
        String accountEmail,
        @Schema(description = "Default `false`.")
        Boolean accountIsPersonal,
        @Schema(description = "Default `Free`.", enumeration = {"Free", "Starter", "Pro", "Scale", "Enterprise"})
        String billingPlan,
        @Schema(description = "Name of the first key; default `Default key`.", maxLength = 100)
        String apikeyName,
        @Schema(description = "Preset of the first key; default `full_access`.",
                enumeration = {"full_access", "generate_only", "read_only", "monitor_only"})
        String apikeyPreset) {
}
