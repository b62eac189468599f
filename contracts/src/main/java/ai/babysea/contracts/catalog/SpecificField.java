package ai.babysea.contracts.catalog;

import java.math.BigDecimal;
import java.util.List;

/** One model-specific `generation_*` field: its type and bounds (`max` is a length for strings). */
public record SpecificField(String name, String type, List<String> enumValues, BigDecimal min, BigDecimal max, Object defaultValue) {

    /** Jackson creator mapping the JSON keys `enum` and `default`, which are Java keywords. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static SpecificField of(
            @com.fasterxml.jackson.annotation.JsonProperty("name") String name,
            @com.fasterxml.jackson.annotation.JsonProperty("type") String type,
            @com.fasterxml.jackson.annotation.JsonProperty("enum") List<String> enumValues,
            @com.fasterxml.jackson.annotation.JsonProperty("min") BigDecimal min,
            @com.fasterxml.jackson.annotation.JsonProperty("max") BigDecimal max,
            @com.fasterxml.jackson.annotation.JsonProperty("default") Object defaultValue) {
        return new SpecificField(name, type, enumValues, min, max, defaultValue);
    }
}
