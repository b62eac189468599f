package ai.babysea.sdk;

import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/** Builds request paths: every caller-supplied piece is percent-encoded, so an id can never change the route. */
final class Paths {
    private Paths() {
    }

    /** One path segment, percent-encoded except RFC 3986 unreserved characters. */
    static String segment(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a path segment must not be empty");
        }
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'
                    || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        return out.toString();
    }

    /** A model identifier (`vendor/name`): each part encoded, the slashes kept. */
    static String model(String modelIdentifier) {
        if (modelIdentifier == null || modelIdentifier.isBlank()) {
            throw new IllegalArgumentException("model identifier must not be empty");
        }
        StringJoiner joined = new StringJoiner("/");
        for (String part : modelIdentifier.split("/", -1)) {
            joined.add(segment(part));
        }
        return joined.toString();
    }

    /** A query string (`?a=1&b=2`) of the non-null values, or empty. */
    static String query(Object... namesAndValues) {
        StringJoiner joined = new StringJoiner("&", "?", "");
        joined.setEmptyValue("");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            if (value != null) {
                joined.add(namesAndValues[i] + "=" + segment(value.toString()));
            }
        }
        return joined.toString();
    }
}
