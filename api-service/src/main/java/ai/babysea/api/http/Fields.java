package ai.babysea.api.http;

import ai.babysea.api.error.ApiException;
import ai.babysea.contracts.ErrorCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Typed, strict reads of JSON object fields; every violation is BSE2001 naming the field. */
public final class Fields {
    private Fields() {
    }

    /** Rejects any field not in the allowed set, naming the first unknown one. */
    public static void onlyKnown(ObjectNode body, Set<String> allowed) {
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new ApiException(ErrorCode.INVALID_INPUT, "Unknown field '" + abbreviate(name) + "'.", abbreviate(name));
            }
        }
    }

    private static JsonNode present(ObjectNode body, String name) {
        JsonNode node = body.get(name);
        return node == null || node.isNull() ? null : node;
    }

    /** A string field (null when absent or null); longer than maxChars is BSE2008. */
    public static String string(ObjectNode body, String name, boolean required, int maxChars) {
        JsonNode node = present(body, name);
        if (node == null) {
            if (required) {
                throw new ApiException(ErrorCode.INVALID_INPUT, "Field '" + name + "' is required.", name);
            }
            return null;
        }
        if (!node.isTextual()) {
            throw new ApiException(ErrorCode.INVALID_INPUT, "Field '" + name + "' must be a string.", name);
        }
        String value = node.textValue();
        if (value.length() > maxChars) {
            throw new ApiException(ErrorCode.PARAMETER_OUT_OF_RANGE, "Field '" + name + "' must be at most " + maxChars + " characters.",
                    name);
        }
        if (hasControlCharacters(value, false)) {
            throw new ApiException(ErrorCode.INVALID_INPUT, "Field '" + name + "' contains control characters.", name);
        }
        return value;
    }

    /** Whether a string holds control characters (newline, carriage return and tab allowed when {@code multiline}). */
    public static boolean hasControlCharacters(String value, boolean multiline) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** A boolean field, or null. */
    public static Boolean bool(ObjectNode body, String name) {
        JsonNode node = present(body, name);
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            throw new ApiException(ErrorCode.INVALID_INPUT, "Field '" + name + "' must be a boolean.", name);
        }
        return node.booleanValue();
    }

    /**
     * An integer query parameter within [min, max]: absent or blank is {@code fallback}, not an integer is BSE2001,
     * outside the range is BSE2008.
     */
    public static int queryInteger(String value, String name, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ApiException(ErrorCode.INVALID_INPUT, "Query parameter '" + name + "' must be an integer.", name);
        }
        if (parsed < min || parsed > max) {
            throw new ApiException(ErrorCode.PARAMETER_OUT_OF_RANGE, "Query parameter '" + name + "' must be " + min + "-" + max + ".", name);
        }
        return parsed;
    }

    /** An int field within [min, max] (outside is BSE2008), or null. */
    public static Integer integer(ObjectNode body, String name, int min, int max) {
        Long value = longInteger(body, name, min, max);
        return value == null ? null : value.intValue();
    }

    /** A long field within [min, max] (outside is BSE2008), or null. */
    public static Long longInteger(ObjectNode body, String name, long min, long max) {
        JsonNode node = present(body, name);
        if (node == null) {
            return null;
        }
        BigDecimal value = number(node, name);
        if (value.stripTrailingZeros().scale() > 0) {
            throw new ApiException(ErrorCode.INVALID_INPUT, "Field '" + name + "' must be an integer.", name);
        }
        if (value.compareTo(BigDecimal.valueOf(min)) < 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new ApiException(ErrorCode.PARAMETER_OUT_OF_RANGE, "Field '" + name + "' must be between " + min + " and " + max + ".",
                    name);
        }
        return value.longValueExact();
    }

    /** A JSON number as an exact decimal; anything else is BSE2001. */
    public static BigDecimal number(JsonNode node, String name) {
        if (!node.isNumber()) {
            throw new ApiException(ErrorCode.INVALID_INPUT, "Field '" + name + "' must be a number.", name);
        }
        return node.isBigDecimal() || node.isFloatingPointNumber() ? node.decimalValue() : new BigDecimal(node.bigIntegerValue());
    }

    /** A list of strings, or null. */
    public static List<String> strings(ObjectNode body, String name, int maxEntries, int maxChars) {
        JsonNode node = present(body, name);
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            // The dashboard accepts a comma-separated string for lists such as the IP allowlist.
            List<String> parts = new ArrayList<>();
            for (String part : node.textValue().split(",")) {
                if (!part.isBlank()) {
                    parts.add(part.trim());
                }
            }
            node = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
            for (String part : parts) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) node).add(part);
            }
        }
        if (!node.isArray()) {
            throw new ApiException(ErrorCode.INVALID_INPUT, "Field '" + name + "' must be an array of strings.", name);
        }
        if (node.size() > maxEntries) {
            throw new ApiException(ErrorCode.PARAMETER_OUT_OF_RANGE, "Field '" + name + "' holds at most " + maxEntries + " entries.", name);
        }
        List<String> values = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw new ApiException(ErrorCode.INVALID_INPUT, "Field '" + name + "' must be an array of strings.", name);
            }
            if (element.textValue().length() > maxChars) {
                throw new ApiException(ErrorCode.PARAMETER_OUT_OF_RANGE, "Entries of '" + name + "' must be at most " + maxChars
                        + " characters.", name);
            }
            values.add(element.textValue());
        }
        return values;
    }

    /** An ISO-8601 instant, or null. */
    public static Instant instant(ObjectNode body, String name) {
        String value = string(body, name, false, 64);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException again) {
                throw new ApiException(ErrorCode.INVALID_INPUT, "Field '" + name + "' must be an ISO-8601 timestamp.", name);
            }
        }
    }

    /** Shortens user-supplied names before echoing them. */
    public static String abbreviate(String value) {
        return value.length() <= 100 ? value : value.substring(0, 100) + "...";
    }
}
