package ai.babysea.api.openapi;

import ai.babysea.api.auth.Scope;
import ai.babysea.contracts.ErrorCode;
import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Completes the generated document with what the code only implies, so that it states the wire contract exactly:
 * <ul>
 * <li>every answer schema of a record lists as `required` each property Jackson always writes (all but the members of a
 * `@JsonInclude(NON_NULL)` component or group) and admits no other property (`additionalProperties: false`; a record
 * with an any-getter admits the model-specific inputs it echoes); request records (`*Request`) keep the `required` of their
 * annotations and admit no undeclared property unless annotated to;</li>
 * <li>an operation marked `x-babysea-scope` is secured by the API key, lists the presets holding the scope
 * (`x-babysea-presets`) and gets the errors every authenticated route can answer; one marked `x-babysea-admin` is
 * secured by the admin token;</li>
 * <li>the BSE codes an operation answers (`x-babysea-errors`: codes, `code@status` where the status is not the code's
 * own) become one response per status whose schema is the error envelope with exactly those codes;</li>
 * <li>responses marked `x-babysea-envelope: success` carry their schema as `data` of the success envelope;</li>
 * <li>the rate-limit headers, `Retry-After` where a code asks for a retry, and `Idempotency-Replayed` on submits.</li>
 * </ul>
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ApiDocumentFilter implements OASFilter {
    /** Name of the API-key security scheme. */
    public static final String API_KEY = "apiKey";
    /** Name of the operator's security scheme. */
    public static final String ADMIN_TOKEN = "adminToken";
    /** Name of the error envelope's schema. */
    public static final String ERROR_ENVELOPE = "ErrorEnvelope";

    static final String SCOPE = "x-babysea-scope";
    static final String FULL_ACCESS = "x-babysea-full-access";
    static final String PRESETS = "x-babysea-presets";
    static final String ADMIN = "x-babysea-admin";
    static final String ERRORS = "x-babysea-errors";
    static final String ENVELOPE = "x-babysea-envelope";

    /** What every route behind the API key can answer besides its own errors. */
    private static final List<String> AUTHENTICATED_ERRORS = List.of("BSE1001", "BSE1002", "BSE1003", "BSE1005", "BSE1006", "BSE1007",
            "BSE5001");
    /** What every operator route can answer besides its own errors. */
    private static final List<String> ADMIN_ERRORS = List.of("BSE1001", "BSE1002", "BSE1003", "BSE5001");
    /** Codes whose answers carry `Retry-After`. */
    private static final Set<String> RETRY_AFTER = Set.of("BSE1005", "BSE1006", "BSE1009", "BSE2016");
    /** Statuses answered before the request was counted against the account's rate limit (no `X-RateLimit-*`). */
    private static final Set<String> BEFORE_COUNTING = Set.of("401", "403");

    private static final String RATE_LIMIT = "Present once the request was authenticated and counted against the account's limit "
            + "(absent on 401, 403 and BSE1006, and while the limiter is unavailable).";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        Map<String, Class<?>> records = records();
        for (Map.Entry<String, Schema> entry : new TreeMap<>(components.getSchemas()).entrySet()) {
            if (records.containsKey(entry.getKey()) && records.get(entry.getKey()) == null) {
                throw new IllegalStateException("two records have the schema name " + entry.getKey() + "; give one an @Schema(name)");
            }
            Class<?> type = records.get(entry.getKey());
            if (type == null && entry.getKey().startsWith("SuccessEnvelope")) {
                type = records.get("SuccessEnvelope");
            } else if (type == null && entry.getKey().startsWith("PageEnvelope")) {
                type = records.get("PageEnvelope");
            }
            if (type != null && type.getSimpleName().endsWith("Request")) {
                closed(entry.getValue());
            } else if (type != null) {
                strict(entry.getValue(), type);
            }
        }
        components.addHeader("X-RateLimit-Limit", header("Requests the account may make per window. " + RATE_LIMIT, Schema.SchemaType.INTEGER));
        components.addHeader("X-RateLimit-Remaining", header("Requests left in the current window. " + RATE_LIMIT, Schema.SchemaType.INTEGER));
        components.addHeader("X-RateLimit-Reset", header("Unix time (seconds) at which the window resets. " + RATE_LIMIT, Schema.SchemaType.INTEGER));
        components.addHeader("Retry-After", header("Seconds to wait before retrying.", Schema.SchemaType.INTEGER));
        components.addHeader("Idempotency-Replayed", header("`true` when the answer is the stored answer of an earlier request "
                + "with the same `Idempotency-Key`.", Schema.SchemaType.STRING));
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) ->
                complete(openAPI, method, operation)));
    }

    private void complete(OpenAPI openAPI, PathItem.HttpMethod method, Operation operation) {
        Map<String, Object> extensions = operation.getExtensions() == null ? Map.of() : operation.getExtensions();
        List<String> errors = new ArrayList<>();
        boolean authenticated = extensions.containsKey(SCOPE);
        if (authenticated) {
            Scope scope = Scope.ofWire((String) extensions.get(SCOPE));
            if (scope == null) {
                throw new IllegalStateException(operation.getOperationId() + ": unknown scope " + extensions.get(SCOPE));
            }
            boolean fullAccess = Boolean.parseBoolean(String.valueOf(extensions.getOrDefault(FULL_ACCESS, "false")));
            List<String> presets = Arrays.stream(Scope.Preset.values())
                    .filter(p -> fullAccess ? p == Scope.Preset.FULL_ACCESS : p.scopes().contains(scope)).map(Scope.Preset::wire).toList();
            operation.addExtension(PRESETS, presets);
            operation.removeExtension(FULL_ACCESS);
            if (fullAccess) {
                operation.addExtension(FULL_ACCESS, true);
            }
            operation.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme(API_KEY)));
            operation.setDescription(("Needs scope `" + scope.wire() + "`" + (fullAccess ? " and a Full Access key" : "")
                    + " (presets: " + String.join(", ", presets) + "). ") + (operation.getDescription() == null ? "" : operation.getDescription()));
            errors.addAll(AUTHENTICATED_ERRORS);
        } else if (extensions.containsKey(ADMIN)) {
            operation.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme(ADMIN_TOKEN)));
            errors.addAll(ADMIN_ERRORS);
        } else {
            throw new IllegalStateException(method + " " + operation.getOperationId() + " declares neither " + SCOPE + " nor " + ADMIN);
        }
        Object declared = extensions.get(ERRORS);
        if (declared != null) {
            errors.addAll(Arrays.asList(declared.toString().trim().split("\\s+")));
            operation.removeExtension(ERRORS);
        }
        APIResponses responses = operation.getResponses();
        for (APIResponse response : responses.getAPIResponses().values()) {
            if (response.getExtensions() != null && "success".equals(response.getExtensions().get(ENVELOPE))) {
                response.removeExtension(ENVELOPE);
                MediaType json = response.getContent().getMediaType(jakarta.ws.rs.core.MediaType.APPLICATION_JSON);
                json.setSchema(successEnvelope(openAPI.getComponents(), json.getSchema()));
            }
        }
        errorResponses(errors).forEach(responses::addAPIResponse);
        boolean idempotent = operation.getParameters() != null
                && operation.getParameters().stream().anyMatch(p -> p.getIn() == Parameter.In.HEADER && "Idempotency-Key".equals(p.getName()));
        responses.getAPIResponses().forEach((status, response) -> {
            if (authenticated && !BEFORE_COUNTING.contains(status)) {
                for (String name : List.of("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")) {
                    response.addHeader(name, OASFactory.createHeader().ref(name));
                }
            }
            if (idempotent && status.equals("200")) {
                response.addHeader("Idempotency-Replayed", OASFactory.createHeader().ref("Idempotency-Replayed"));
            }
        });
        for (Map.Entry<String, List<ErrorCode>> byStatus : byStatus(errors).entrySet()) {
            if (byStatus.getValue().stream().anyMatch(code -> RETRY_AFTER.contains(code.code()))) {
                responses.getAPIResponse(byStatus.getKey()).addHeader("Retry-After", OASFactory.createHeader().ref("Retry-After"));
            }
        }
    }

    /** The error responses of an operation: one per status, the envelope with exactly the codes answered with that status. */
    private static Map<String, APIResponse> errorResponses(List<String> errors) {
        Map<String, APIResponse> responses = new LinkedHashMap<>();
        byStatus(errors).forEach((status, codes) -> {
            Schema code = OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                    .enumeration(new ArrayList<>(codes.stream().map(ErrorCode::code).toList()));
            Schema envelope = OASFactory.createSchema().allOf(List.of(
                    OASFactory.createSchema().ref(ERROR_ENVELOPE),
                    OASFactory.createSchema().addProperty("error", OASFactory.createSchema().addProperty("code", code))));
            StringBuilder description = new StringBuilder();
            for (ErrorCode c : codes) {
                description.append(description.isEmpty() ? "" : "; ").append(c.code()).append(" `").append(c.type()).append("`")
                        .append(c.retryable() ? " (retryable)" : "");
            }
            responses.put(status, OASFactory.createAPIResponse().description(description.toString())
                    .content(OASFactory.createContent().addMediaType(jakarta.ws.rs.core.MediaType.APPLICATION_JSON,
                            OASFactory.createMediaType().schema(envelope))));
        });
        return responses;
    }

    /** `BSE2001` or `BSE2001@415`, grouped by the status they are answered with, in status order. */
    private static Map<String, List<ErrorCode>> byStatus(List<String> errors) {
        Map<String, List<ErrorCode>> grouped = new TreeMap<>();
        for (String token : new LinkedHashSet<>(errors)) {
            String[] parts = token.split("@");
            ErrorCode code = ErrorCode.ofCode(parts[0]);
            String status = parts.length > 1 ? parts[1] : Integer.toString(code.httpStatus());
            List<ErrorCode> codes = grouped.computeIfAbsent(status, s -> new ArrayList<>());
            if (!codes.contains(code)) {
                codes.add(code);
            }
        }
        grouped.values().forEach(codes -> codes.sort(java.util.Comparator.comparing(ErrorCode::code)));
        return grouped;
    }

    /** The success envelope around {@code data}: a named component for a named data schema, inline otherwise. */
    private static Schema successEnvelope(Components components, Schema data) {
        String dataName = data.getRef() == null ? null : data.getRef().substring(data.getRef().lastIndexOf('/') + 1);
        Schema envelope = OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .addProperty("status", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).constValue("success"))
                .addProperty("request_id", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)))
                .addProperty("message", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)))
                .addProperty("timestamp", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)))
                .addProperty("data", data)
                .required(List.of("status", "request_id", "message", "timestamp", "data"))
                .additionalPropertiesBoolean(false);
        if (dataName == null) {
            return envelope;
        }
        String name = "SuccessEnvelope" + dataName;
        if (components.getSchemas() == null || !components.getSchemas().containsKey(name)) {
            components.addSchema(name, envelope);
        }
        return OASFactory.createSchema().ref(name);
    }

    private static Header header(String description, Schema.SchemaType type) {
        return OASFactory.createHeader().description(description).schema(OASFactory.createSchema().type(List.of(type)));
    }

    /** `required` and `additionalProperties` of a record's schema, from the Jackson annotations that decide what is written. */
    private static void strict(Schema schema, Class<?> type) {
        List<String> required = new ArrayList<>();
        collect(type, required, true);
        schema.setRequired(required);
        boolean anyGetter = Arrays.stream(type.getMethods()).anyMatch(m -> m.isAnnotationPresent(JsonAnyGetter.class));
        schema.additionalPropertiesBoolean(anyGetter);
        if (type.getSimpleName().endsWith("Envelope") && schema.getProperties() != null && schema.getProperties().containsKey("status")) {
            schema.getProperties().get("status").setConstValue(type.getSimpleName().equals("ErrorEnvelope") ? "error" : "success");
        }
    }

    /** A request record admits no property it does not declare, unless its annotation says otherwise. */
    private static void closed(Schema schema) {
        if (schema.getAdditionalPropertiesBoolean() == null && schema.getAdditionalPropertiesSchema() == null) {
            schema.additionalPropertiesBoolean(false);
        }
    }

    private static void collect(Class<?> type, List<String> required, boolean written) {
        boolean typeOmitsNulls = omitsNulls(type.getAnnotation(JsonInclude.class));
        for (RecordComponent component : type.getRecordComponents()) {
            // Jackson's annotations on a record component land on its accessor (their targets have no RECORD_COMPONENT)
            boolean always = written && !typeOmitsNulls && !omitsNulls(component.getAccessor().getAnnotation(JsonInclude.class));
            if (component.getAccessor().isAnnotationPresent(JsonUnwrapped.class)) {
                collect(component.getType(), required, always);
            } else if (always && !component.getAccessor().isAnnotationPresent(JsonIgnore.class)) {
                required.add(PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(component.getName()));
            }
        }
    }

    private static boolean omitsNulls(JsonInclude include) {
        return include != null && include.value() != JsonInclude.Include.ALWAYS && include.value() != JsonInclude.Include.USE_DEFAULTS;
    }

    /**
     * The records of this service by the name of their schema (`@Schema(name)` or the simple name); a name two records
     * share maps to null and fails {@link #filterOpenAPI} only if the document has a schema of that name.
     */
    private static Map<String, Class<?>> records() {
        Map<String, Class<?>> records = new HashMap<>();
        ClassLoader loader = ApiDocumentFilter.class.getClassLoader();
        for (String name : classNames()) {
            try {
                Class<?> type = Class.forName(name, false, loader);
                if (type.isRecord()) {
                    org.eclipse.microprofile.openapi.annotations.media.Schema annotation =
                            type.getAnnotation(org.eclipse.microprofile.openapi.annotations.media.Schema.class);
                    String schemaName = annotation != null && !annotation.name().isEmpty() ? annotation.name() : type.getSimpleName();
                    records.put(schemaName, records.containsKey(schemaName) ? null : type);
                }
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return records;
    }

    /** Every class of this service, read from the directory or jar this class was loaded from. */
    private static List<String> classNames() {
        String self = ApiDocumentFilter.class.getName().replace('.', '/') + ".class";
        URL url = ApiDocumentFilter.class.getClassLoader().getResource(self);
        if (url == null) {
            throw new IllegalStateException("cannot locate " + self);
        }
        String prefix = "ai/babysea/api/";
        List<String> names = new ArrayList<>();
        try {
            if (url.getProtocol().equals("jar")) {
                JarURLConnection connection = (JarURLConnection) url.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    jar.stream().map(JarEntry::getName).filter(n -> n.startsWith(prefix) && n.endsWith(".class"))
                            .forEach(n -> names.add(n.substring(0, n.length() - 6).replace('/', '.')));
                }
            } else {
                Path root = Path.of(url.toURI()).getParent();
                for (int i = 0; i < self.split("/").length - 1; i++) {
                    root = root.getParent();
                }
                Path base = root;
                try (Stream<Path> files = Files.walk(base.resolve(prefix))) {
                    files.filter(f -> f.toString().endsWith(".class")).forEach(f -> {
                        String relative = base.relativize(f).toString().replace('\\', '/');
                        names.add(relative.substring(0, relative.length() - 6).replace('/', '.'));
                    });
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }
}
