package ai.babysea.api.openapi;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.api.EmbeddedRedis;
import ai.babysea.api.StubServices;
import ai.babysea.api.TestAccounts.TestAccount;
import ai.babysea.api.TestAccounts;
import ai.babysea.api.auth.RequiresScope;
import ai.babysea.api.error.ApiException;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Wiring: the application of the other endpoint tests. The OpenAPI document is held to the code and to the live behaviour:
 * the routes the server answers (every JAX-RS resource method, found by reflection) are exactly the document's operations,
 * each with the scope its {@code @RequiresScope} demands; every answer any endpoint test receives is checked against the
 * document by {@link OpenApiConformance}; and the checks are shown to catch a contradicting answer.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "api"))
@WithTestResource(StubServices.class)
@WithTestResource(EmbeddedRedis.class)
class OpenApiContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theDocumentIsServedAsOpenApi31InJsonAndYamlWithoutAuthentication() {
        given().get("/openapi?format=json").then().statusCode(200).contentType(containsString("json"))
                .body("openapi", startsWith("3.1"));
        given().get("/openapi.json").then().statusCode(200).body("info.title", org.hamcrest.Matchers.equalTo("BabySea API"));
        given().get("/openapi").then().statusCode(200).body(containsString("openapi: 3.1"));
        given().get("/openapi.yaml").then().statusCode(200).body(containsString("openapi: 3.1"));
        given().get("/q/swagger-ui").then().statusCode(404);
    }

    @Test
    void theDocumentHasExactlyTheRoutesTheServerAnswersWithTheirScopes() throws Exception {
        Map<String, Method> served = servedRoutes();
        OpenApiContract contract = OpenApiConformance.contract();
        Set<String> documented = new TreeSet<>();
        contract.routes().forEach(route -> documented.add(route.method().toUpperCase() + " " + route.template()));
        assertEquals(new TreeSet<>(served.keySet()), documented, "routes answered by the server vs routes in the document");
        for (Map.Entry<String, Method> entry : served.entrySet()) {
            String[] route = entry.getKey().split(" ", 2);
            JsonNode operation = contract.document().path("paths").path(route[1]).path(route[0].toLowerCase());
            RequiresScope scope = entry.getValue().getAnnotation(RequiresScope.class);
            if (route[1].startsWith("/v1/admin/")) {
                assertEquals("adminToken", operation.path("security").path(0).fieldNames().next(), entry.getKey());
            } else {
                assertEquals(scope.value().wire(), operation.path("x-babysea-scope").asText(), entry.getKey());
                assertEquals(scope.fullAccess(), operation.path("x-babysea-full-access").asBoolean(false), entry.getKey());
                assertEquals("apiKey", operation.path("security").path(0).fieldNames().next(), entry.getKey());
                assertTrue(operation.path("x-babysea-presets").size() > 0, entry.getKey());
            }
            assertFalse(operation.path("operationId").asText().isEmpty(), entry.getKey() + " has an operationId");
        }
    }

    @Test
    void answersAreCheckedAndAContradictingAnswerIsCaught() throws Exception {
        long before = OpenApiConformance.CHECKED.get();
        TestAccount account = TestAccounts.create("full_access", "5");
        String status = given().header("Authorization", account.bearer()).get("/v1/status").then().statusCode(200).extract().asString();
        assertTrue(OpenApiConformance.CHECKED.get() > before, "the conformance filter checked the answers");

        OpenApiContract contract = OpenApiConformance.contract();
        Map<String, String> headers = Map.of("x-ratelimit-limit", "1");
        assertEquals(List.of(), contract.checkResponse("GET", "/v1/status", 200, headers, status));
        ObjectNode missing = (ObjectNode) JSON.readTree(status);
        ((ObjectNode) missing.get("data")).remove("apikey_id");
        assertFalse(contract.checkResponse("GET", "/v1/status", 200, headers, missing.toString()).isEmpty(), "a missing field");
        ObjectNode extra = (ObjectNode) JSON.readTree(status);
        ((ObjectNode) extra.get("data")).put("apikey_secret", "x");
        assertFalse(contract.checkResponse("GET", "/v1/status", 200, headers, extra.toString()).isEmpty(), "an undocumented field");
        ObjectNode wrongType = (ObjectNode) JSON.readTree(status);
        ((ObjectNode) wrongType.get("data")).put("account_id", 7);
        assertFalse(contract.checkResponse("GET", "/v1/status", 200, headers, wrongType.toString()).isEmpty(), "a wrong type");
        ObjectNode nulled = (ObjectNode) JSON.readTree(status);
        ((ObjectNode) nulled.get("data")).putNull("account_id");
        assertFalse(contract.checkResponse("GET", "/v1/status", 200, headers, nulled.toString()).isEmpty(), "null where never null");
        assertFalse(contract.checkResponse("GET", "/v1/status", 418, headers, status).isEmpty(), "an undocumented status");
        assertFalse(contract.checkResponse("GET", "/v1/status", 200, Map.of("idempotency-replayed", "true"), status).isEmpty(),
                "an undocumented header");

        String notFound = given().header("Authorization", account.bearer()).get("/v1/content/{id}", "0191b4a0-0000-7000-8000-000000000000")
                .then().statusCode(404).extract().asString();
        assertEquals(List.of(), contract.checkResponse("GET", "/v1/content/x", 404, Map.of(), notFound));
        String otherCode = notFound.replace("BSE2013", "BSE2017");
        assertFalse(contract.checkResponse("GET", "/v1/content/x", 404, Map.of(), otherCode).isEmpty(),
                "a code the route does not answer with that status");

        assertFalse(contract.checkAcceptedRequest("POST", "/v1/keys", "{\"apikey_name\":\"k\",\"apikey_secret\":\"x\"}").isEmpty(),
                "a request body the document does not allow");
        assertEquals(List.of(), contract.checkAcceptedRequest("POST", "/v1/generate/image/bfl/flux-schnell",
                "{\"generation_prompt\":\"a\",\"generation_guidance_scale\":3}"), "model-specific fields are allowed");
    }

    @Test
    void everyRouteDocumentsItsErrorsAndHeaders() {
        OpenApiContract contract = OpenApiConformance.contract();
        JsonNode submit = contract.document().at("/paths/~1v1~1generate~1image~1{model_identifier}/post");
        assertEquals(Set.of("200", "400", "401", "402", "403", "404", "409", "413", "415", "422", "429", "500"),
                fieldNames(submit.path("responses")));
        assertTrue(submit.at("/responses/200/headers").has("Idempotency-Replayed"));
        assertTrue(submit.at("/responses/429/headers").has("Retry-After"));
        assertTrue(submit.at("/responses/200/headers").has("X-RateLimit-Remaining"));
        assertFalse(submit.at("/responses/401/headers").has("X-RateLimit-Remaining"));
        JsonNode admin = contract.document().at("/paths/~1v1~1admin~1accounts/post");
        assertFalse(admin.at("/responses/201/headers").has("X-RateLimit-Remaining"), "the operator API is not rate limited");
        JsonNode components = contract.document().path("components");
        assertTrue(components.path("securitySchemes").has("apiKey"));
        assertEquals("bearer", components.at("/securitySchemes/apiKey/scheme").asText());
        given().header("Authorization", TestAccounts.ADMIN).contentType(ContentType.JSON).body("{\"credits\": 1}")
                .post("/v1/admin/accounts/{id}/grants", "not-an-id").then().statusCode(404);
    }

    @Test
    void theServedDocumentIsWrittenToTargetForOtherTools() throws Exception {
        // target/openapi.json: the exact document the service serves, for client generators and independent validators
        String document = given().get("/openapi.json").then().statusCode(200).extract().asString();
        java.nio.file.Path file = java.nio.file.Path.of("target", "openapi.json");
        Files.writeString(file, document);
        assertEquals("3.1", JSON.readTree(Files.readString(file)).path("openapi").asText().substring(0, 3));
    }

    /** "METHOD /template" of every JAX-RS resource method of the service, with the method. */
    private static Map<String, Method> servedRoutes() throws Exception {
        java.nio.file.Path classes = java.nio.file.Path.of(ApiException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, Method> routes = new TreeMap<>();
        try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, OpenApiContractTest.class.getClassLoader());
                Path classPath = type.getAnnotation(Path.class);
                if (classPath == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    String verb = httpMethod(method);
                    if (verb != null) {
                        Path methodPath = method.getAnnotation(Path.class);
                        String template = classPath.value() + (methodPath == null ? "" : "/" + methodPath.value().replaceFirst("^/", ""));
                        routes.put(verb + " " + template.replaceAll("\\{([A-Za-z_]+):[^}]*}", "{$1}").replaceAll("/$", ""), method);
                    }
                }
            }
        }
        return routes;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
