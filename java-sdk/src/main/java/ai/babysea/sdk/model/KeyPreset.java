package ai.babysea.sdk.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The scope presets an API key is created with (docs/api/README.md, "Scopes and presets"). */
public enum KeyPreset {
    /** All six scopes. */
    FULL_ACCESS,
    /** `generation:write`, `generation:read`, `library:read`. */
    GENERATE_ONLY,
    /** `generation:read`, `account:read`, `health:read`, `library:read`. */
    READ_ONLY,
    /** `health:read`, `library:read`. */
    MONITOR_ONLY;

    /** The wire spelling (`full_access`, ...). */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
