package ai.babysea.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Wiring: same application as {@link GenerationPipelineTest}, limits counted in the embedded Redis.
 * A `Free` account (60 requests per window, 2 in flight in application.properties) hits its limits.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "api"))
@WithTestResource(StubServices.class)
@WithTestResource(EmbeddedRedis.class)
class LimitsTest {
    private static String freeKey() {
        JsonPath created = given().header("Authorization", TestAccounts.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("account_name", "free", "billing_plan", "Free")).post("/v1/admin/accounts").then().statusCode(201)
                .extract().jsonPath();
        given().header("Authorization", TestAccounts.ADMIN).contentType(ContentType.JSON).body("{\"credits\": 5}")
                .post("/v1/admin/accounts/{id}/grants", created.getString("data.account_id")).then().statusCode(200);
        return "Bearer " + created.getString("data.apikey.apikey_key");
    }

    @Test
    void accountRequestLimitAnswers429WithRetryAfterAndHeaders() {
        String key = freeKey();
        Response last = null;
        String previousRemaining = null;
        // 60 per window; a window boundary may reset the count once, so 121 requests always reach a 429
        for (int i = 0; i < 121; i++) {
            last = given().header("Authorization", key).get("/v1/status");
            if (last.statusCode() != 200) {
                break;
            }
            String remaining = last.getHeader("X-RateLimit-Remaining");
            if (previousRemaining != null && Integer.parseInt(remaining) < 59) {
                assertEquals(Integer.parseInt(previousRemaining) - 1, Integer.parseInt(remaining), "remaining counts down");
            }
            previousRemaining = remaining;
        }
        assertEquals("0", previousRemaining, "the 429 comes right after the last allowed request");
        last.then().statusCode(429).body("error.code", equalTo("BSE1005")).body("error.type", equalTo("rate_limit_exceeded"))
                .body("error.retryable", equalTo(true)).body("error.details.limit", equalTo(60))
                .body("error.details.retry_after_seconds", notNullValue())
                .header("Retry-After", notNullValue()).header("X-RateLimit-Limit", "60").header("X-RateLimit-Remaining", "0")
                .header("X-RateLimit-Reset", notNullValue());
        assertTrue(Integer.parseInt(last.getHeader("Retry-After")) <= 60);
    }

    @Test
    void inFlightCapAnswersBse1009() {
        String key = freeKey();
        String body = "{\"generation_prompt\":\"slow\"}";
        given().header("Authorization", key).contentType(ContentType.JSON).body(body).post("/v1/generate/image/bfl/flux-schnell")
                .then().statusCode(200);
        given().header("Authorization", key).contentType(ContentType.JSON).body(body).post("/v1/generate/image/bfl/flux-schnell")
                .then().statusCode(200);
        given().header("Authorization", key).contentType(ContentType.JSON).body(body).post("/v1/generate/image/bfl/flux-schnell")
                .then().statusCode(429).body("error.code", equalTo("BSE1009")).body("error.retryable", equalTo(true))
                .header("Retry-After", notNullValue());
    }
}
