package ai.babysea.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import ai.babysea.api.TestAccounts.TestAccount;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Wiring: same application as {@link GenerationPipelineTest}, with the test profile's console origin
 * {@code http://console.test:8084} (API_CORS_ORIGINS). The browser console calls /v1 cross-origin: its preflights
 * are answered without a key, its answers (errors included) are readable, other origins get no CORS grant.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "api"))
@WithTestResource(StubServices.class)
@WithTestResource(EmbeddedRedis.class)
class CorsTest {
    private static final String CONSOLE = "http://console.test:8084";

    @Test
    void preflightOfAnAuthorizedSubmitIsAnsweredWithoutAKey() {
        given().header("Origin", CONSOLE).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,idempotency-key")
                .options("/v1/generate/image/bfl/flux-schnell")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(CONSOLE))
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", containsString("Idempotency-Key"))
                .header("Access-Control-Allow-Headers", containsString("Authorization"))
                .header("Access-Control-Allow-Credentials", org.hamcrest.Matchers.not(equalTo("true")));
    }

    @Test
    void answersToTheConsoleCarryTheGrantAndExposeTheLimitHeaders() {
        TestAccount account = TestAccounts.create("full_access", null);
        given().header("Origin", CONSOLE).header("Authorization", account.bearer()).get("/v1/status")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(CONSOLE))
                .header("Access-Control-Expose-Headers", containsString("X-RateLimit-Remaining"))
                .header("Access-Control-Expose-Headers", containsString("Retry-After"))
                .header("X-RateLimit-Limit", org.hamcrest.Matchers.notNullValue());
        // a refusal is readable too, so the console can show the contract's code and message
        given().header("Origin", CONSOLE).get("/v1/status")
                .then().statusCode(401).header("Access-Control-Allow-Origin", equalTo(CONSOLE)).body("error.code", equalTo("BSE1001"));
    }

    @Test
    void otherOriginsGetNoGrant() {
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization")
                .options("/v1/generate/image/bfl/flux-schnell")
                .then().header("Access-Control-Allow-Origin", nullValue());
        TestAccount account = TestAccounts.create("full_access", null);
        // answered as a request without an Origin (the envelope, no grant), not refused with a bare 403
        given().header("Origin", "https://evil.example").header("Authorization", account.bearer()).get("/v1/status")
                .then().statusCode(200).body("status", equalTo("success")).header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void theConsoleMayReadTheOpenApiDocumentAndOthersGetNoGrant() {
        // the console's API reference page fetches the document from the browser, without a key
        given().header("Origin", CONSOLE).get("/openapi.json")
                .then().statusCode(200).header("Access-Control-Allow-Origin", equalTo(CONSOLE)).body("openapi", org.hamcrest.Matchers.startsWith("3.1"));
        given().header("Origin", "https://evil.example").get("/openapi.json")
                .then().statusCode(200).header("Access-Control-Allow-Origin", nullValue());
    }
}
