package ai.babysea.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The vendored JSON schemas (src/test/resources/schemas, origins noted in each file), compiled with networknt's
 * validator (draft 7). Loading adds the shared Kubernetes definitions to every schema and closes every object
 * schema that lists properties (additionalProperties: false) unless it says otherwise, as strict field validation
 * in Kubernetes rejects unknown fields.
 */
final class Schemas {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, JsonSchema> SCHEMAS = load();

    private Schemas() {
    }

    static String key(JsonNode object) {
        return object.path("apiVersion").asText() + "/" + object.path("kind").asText();
    }

    static boolean has(String key) {
        return SCHEMAS.containsKey(key);
    }

    /** Violations of the object's schema ("no schema" is a violation too), each prefixed with the object. */
    static List<String> validate(JsonNode object) {
        String key = key(object);
        String what = key + " " + object.path("metadata").path("name").asText();
        JsonSchema schema = SCHEMAS.get(key);
        if (schema == null) {
            return List.of(what + ": no schema for " + key);
        }
        List<String> out = new ArrayList<>();
        for (ValidationMessage m : schema.validate(object)) {
            out.add(what + ": " + m.getMessage());
        }
        return out;
    }

    private static Map<String, JsonSchema> load() {
        JsonNode index = read("index.yaml");
        JsonNode shared = read("_definitions.yaml").get("definitions");
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().build();
        Map<String, JsonSchema> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = index.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            ObjectNode schema = (ObjectNode) read(e.getValue().asText());
            ObjectNode definitions = shared.deepCopy();
            JsonNode local = schema.remove("localDefinitions");
            if (local != null) {
                definitions.setAll((ObjectNode) local);
            }
            schema.set("definitions", definitions);
            schema.put("$schema", "http://json-schema.org/draft-07/schema#");
            close(schema);
            out.put(e.getKey(), factory.getSchema(schema, config));
        }
        return out;
    }

    /** additionalProperties: false on every object schema with properties that does not set it. */
    static void close(JsonNode node) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            if (o.has("properties") && o.get("properties").isObject() && !o.has("additionalProperties")) {
                o.put("additionalProperties", false);
            }
            o.forEach(Schemas::close);
        } else if (node.isArray()) {
            node.forEach(Schemas::close);
        }
    }

    private static JsonNode read(String resource) {
        try (InputStream in = Schemas.class.getResourceAsStream("/schemas/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing schema resource " + resource);
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
