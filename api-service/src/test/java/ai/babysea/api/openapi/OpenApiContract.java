package ai.babysea.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The OpenAPI document the service serves, with a JSON Schema 2020-12 validator (OpenAPI 3.1 dialect, networknt) over it:
 * finds the operation a request went to and checks its answer (status, body, headers) and its accepted body against what the
 * document says.
 */
public final class OpenApiContract {
    /** The base URI the document's own `$ref`s resolve against. */
    static final String DOCUMENT_URI = "https://api.babysea.test/openapi.json";
    /** The headers whose presence on an answer the document must declare. */
    static final List<String> DECLARED_HEADERS = List.of("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After",
            "Idempotency-Replayed");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One operation: its method, path template and the pattern of the paths it serves. */
    public record Route(String method, String template, Pattern pattern) {
        String pointer() {
            return "/paths/" + template.replace("~", "~0").replace("/", "~1") + "/" + method;
        }
    }

    private final String text;
    private final JsonNode document;
    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();
    private final List<Route> routes = new ArrayList<>();

    private OpenApiContract(String text) throws IOException {
        this.text = text;
        this.document = JSON.readTree(text);
        this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .metaSchema(OpenApi31.getInstance()).defaultMetaSchemaIri(OpenApi31.getInstance().getIri())
                .schemaLoaders(loaders -> loaders.schemas(Map.of(DOCUMENT_URI, text))));
        Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> routes.add(new Route(method, path.getKey(), pattern(path.getKey()))));
        }
        // literal segments first, so `/v1/content/list` wins over `/v1/content/{generation_id}`
        routes.sort(Comparator.comparingInt((Route r) -> -r.template().replaceAll("\\{[^}]+}", "").length()));
    }

    /** The document served at {@code base}/openapi?format=json. */
    public static OpenApiContract fetch(URI base) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/openapi?format=json")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /openapi answered " + response.statusCode());
        }
        return new OpenApiContract(response.body());
    }

    /** The document as a JSON tree. */
    public JsonNode document() {
        return document;
    }

    /** The document's text as served. */
    public String text() {
        return text;
    }

    /** Every operation of the document. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /** The operation serving this method and path, if the document has one. */
    public Optional<Route> route(String method, String path) {
        return routes.stream().filter(r -> r.method().equalsIgnoreCase(method) && r.pattern().matcher(path).matches()).findFirst();
    }

    /**
     * What is wrong with an answer: its status must be documented for the operation, its body must match that response's
     * schema, and each rate-limit, retry or replay header it carries must be declared there. An answer to a path or method the
     * document does not have (404, 405) must still be the error envelope.
     */
    public List<String> checkResponse(String method, String path, int status, Map<String, String> headers, String body) {
        Optional<Route> route = route(method, path);
        if (route.isEmpty()) {
            return status >= 400 ? validate("/components/schemas/ErrorEnvelope", body) : List.of(method + " " + path
                    + " answered " + status + " but the document has no such operation");
        }
        JsonNode responses = document.at(route.get().pointer() + "/responses");
        String code = Integer.toString(status);
        if (!responses.has(code)) {
            return List.of(method + " " + route.get().template() + ": status " + status + " is not documented (" + body + ")");
        }
        List<String> problems = new ArrayList<>();
        JsonNode declared = responses.get(code).path("headers");
        for (String header : DECLARED_HEADERS) {
            if (headers.containsKey(header.toLowerCase()) && !declared.has(header)) {
                problems.add(method + " " + route.get().template() + " " + status + ": header " + header + " is not documented");
            }
        }
        String pointer = route.get().pointer() + "/responses/" + code + "/content/application~1json/schema";
        if (document.at(pointer).isMissingNode()) {
            problems.add(method + " " + route.get().template() + " " + status + " has no JSON schema");
        } else {
            validate(pointer, body).forEach(p -> problems.add(method + " " + route.get().template() + " " + status + ": " + p));
        }
        return problems;
    }

    /** What is wrong with a request body the server accepted, measured against the operation's documented request body. */
    public List<String> checkAcceptedRequest(String method, String path, String body) {
        Optional<Route> route = route(method, path);
        if (route.isEmpty() || body == null || body.isBlank()) {
            return List.of();
        }
        String pointer = route.get().pointer() + "/requestBody/content/application~1json/schema";
        if (document.at(pointer).isMissingNode()) {
            return List.of(method + " " + route.get().template() + " accepted a body the document does not describe");
        }
        return validate(pointer, body).stream().map(p -> method + " " + route.get().template() + " request: " + p).toList();
    }

    /** Validates a JSON text against the schema at a JSON pointer of the document. */
    public List<String> validate(String pointer, String body) {
        JsonNode node;
        try {
            node = JSON.readTree(body == null ? "" : body);
        } catch (IOException e) {
            return List.of("not JSON: " + body);
        }
        if (node == null || node.isMissingNode()) {
            return List.of("empty body");
        }
        JsonSchema schema = schemas.computeIfAbsent(pointer, p -> factory.getSchema(SchemaLocation.of(DOCUMENT_URI + "#" + p), config));
        Set<ValidationMessage> messages = schema.validate(node);
        return messages.stream().map(m -> m.getMessage() + " in " + abbreviate(body)).toList();
    }

    private static String abbreviate(String body) {
        return body.length() <= 600 ? body : body.substring(0, 600) + "…";
    }

    private static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder("^");
        for (String part : template.split("(?=\\{)|(?<=})")) {
            if (part.equals("{model_identifier}")) {
                regex.append(".+");
            } else if (part.startsWith("{")) {
                regex.append("[^/]+");
            } else {
                regex.append(Pattern.quote(part));
            }
        }
        return Pattern.compile(regex.append("$").toString());
    }
}
