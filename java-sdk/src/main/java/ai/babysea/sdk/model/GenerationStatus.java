package ai.babysea.sdk.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A generation's status (docs/api/generations.md, "Lifecycle"); `UNKNOWN` stands for a value this SDK version does not know yet. */
public enum GenerationStatus {
    PENDING, PROCESSING, SUCCEEDED, FAILED, CANCELED, UNKNOWN;

    /** Whether the status can never change again. */
    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELED;
    }

    /** The wire spelling (`pending`, ...). */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the wire spelling; unknown values map to {@link #UNKNOWN}. */
    @JsonCreator
    public static GenerationStatus of(String value) {
        if (value == null) {
            return null;
        }
        for (GenerationStatus status : values()) {
            if (status != UNKNOWN && status.wire().equals(value)) {
                return status;
            }
        }
        return UNKNOWN;
    }
}
