package ai.babysea.api.http;

import ai.babysea.api.error.ApiException;
import ai.babysea.contracts.ErrorCode;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * Parses request bodies strictly and by hand, so every malformed input (bad JSON, duplicate keys,
 * absurd numbers, trailing garbage) becomes BSE2001 and never a framework stack trace.
 */
public final class JsonBodies {
    private static final ObjectMapper STRICT = strict();

    private JsonBodies() {
    }

    private static ObjectMapper strict() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNumberLength(64).maxNestingDepth(32).maxStringLength(1_000_000).build());
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        mapper.enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        return mapper;
    }

    /** The body as a JSON object; an absent or empty body is an empty object only when {@code emptyAllowed}. */
    public static ObjectNode object(String body, int maxBytes, boolean emptyAllowed) {
        if (body != null && body.length() > maxBytes / 4 && body.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than " + maxBytes + " bytes.");
        }
        if (body == null || body.isBlank()) {
            if (emptyAllowed) {
                return STRICT.createObjectNode();
            }
            throw new ApiException(ErrorCode.INVALID_INPUT, "The request body must be a JSON object.");
        }
        JsonNode node;
        try {
            node = STRICT.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiException(ErrorCode.INVALID_INPUT, "The request body is not valid JSON: " + abbreviate(e.getOriginalMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(ErrorCode.INVALID_INPUT, "The request body must be a JSON object.");
        }
        return (ObjectNode) node;
    }

    private static String abbreviate(String message) {
        return message == null ? "" : message.length() <= 200 ? message : message.substring(0, 200) + "...";
    }
}
