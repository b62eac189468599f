package ai.babysea.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.babysea.api.TestAccounts.TestAccount;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Wiring: same application as {@link GenerationPipelineTest}. Every public route with a key of every
 * preset: a route whose scope the preset lacks answers 403 BSE1003, every other route gets past
 * the scope check (whatever it answers then, it is not BSE1003).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "api"))
@WithTestResource(StubServices.class)
@WithTestResource(EmbeddedRedis.class)
class ScopeMatrixTest {
    private record Route(String method, String path, String scope) {
    }

    private static final String MISSING = "0191b4a0-0000-7000-8000-000000000000";
    private static final List<Route> ROUTES = List.of(
            new Route("GET", "/v1/status", "account:read"),
            new Route("GET", "/v1/usage?days=7", "account:read"),
            new Route("GET", "/v1/user/account", "account:read"),
            new Route("GET", "/v1/user/billing", "account:read"),
            new Route("GET", "/v1/estimate/bfl/flux-schnell?count=2", "library:read"),
            new Route("POST", "/v1/generate/image/bfl/flux-schnell", "generation:write"),
            new Route("POST", "/v1/generate/video/google/veo-2", "generation:write"),
            new Route("GET", "/v1/content/" + MISSING, "generation:read"),
            new Route("GET", "/v1/content/list", "generation:read"),
            new Route("DELETE", "/v1/content/" + MISSING, "generation:delete"),
            new Route("POST", "/v1/content/generation/cancel/" + MISSING, "generation:delete"),
            new Route("GET", "/v1/health/inference/providers", "health:read"),
            new Route("GET", "/v1/health/inference/models", "health:read"),
            new Route("GET", "/v1/health/storage", "health:read"),
            new Route("GET", "/v1/health/cache", "health:read"),
            new Route("GET", "/v1/library/providers", "library:read"),
            new Route("GET", "/v1/library/models", "library:read"));

    private static final Map<String, Set<String>> PRESETS = Map.of(
            "full_access", Set.of("generation:write", "generation:read", "generation:delete", "account:read", "health:read", "library:read"),
            "generate_only", Set.of("generation:write", "generation:read", "library:read"),
            "read_only", Set.of("generation:read", "account:read", "health:read", "library:read"),
            "monitor_only", Set.of("health:read", "library:read"));

    @Test
    void everyRouteEnforcesItsScopeForEveryPreset() {
        int checked = 0;
        for (Map.Entry<String, Set<String>> preset : PRESETS.entrySet()) {
            TestAccount account = TestAccounts.create(preset.getKey(), "10");
            for (Route route : ROUTES) {
                Response response = call(account, route);
                String code = response.jsonPath().getString("error.code");
                String where = preset.getKey() + " " + route.method() + " " + route.path() + " -> " + response.statusCode() + " "
                        + response.asString();
                if (preset.getValue().contains(route.scope())) {
                    assertNotEquals("BSE1003", code, where);
                    assertNotEquals(401, response.statusCode(), where);
                    if (route.method().equals("GET") && !route.path().contains(MISSING)) {
                        assertEquals(200, response.statusCode(), where);
                        assertEquals("success", response.jsonPath().getString("status"), where);
                    }
                } else {
                    assertEquals(403, response.statusCode(), where);
                    assertEquals("BSE1003", code, where);
                }
                checked++;
            }
        }
        assertEquals(4 * 17, checked);
    }

    private static Response call(TestAccount account, Route route) {
        var request = given().header("Authorization", account.bearer());
        return switch (route.method()) {
            case "GET" -> request.get(route.path());
            case "DELETE" -> request.delete(route.path());
            default -> request.contentType(ContentType.JSON)
                    .body(route.path().contains("video") ? "{\"generation_prompt\":\"m\",\"generation_duration\":5}" : "{\"generation_prompt\":\"m\"}")
                    .post(route.path());
        };
    }
}
