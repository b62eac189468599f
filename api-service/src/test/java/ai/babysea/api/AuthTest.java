package ai.babysea.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import ai.babysea.api.TestAccounts.TestAccount;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Wiring: same application as {@link GenerationPipelineTest}; the authentication pipeline (docs/api/README.md, "Authentication") and the admin bootstrap. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "api"))
@WithTestResource(StubServices.class)
@WithTestResource(EmbeddedRedis.class)
class AuthTest {
    private static final String BODY = "{\"generation_prompt\":\"x\"}";

    @Test
    void missingKeyIsAuthenticationRequired() {
        given().contentType(ContentType.JSON).body(BODY).post("/v1/generate/image/bfl/flux-schnell")
                .then().statusCode(401).body("error.code", equalTo("BSE1001")).body("error.type", equalTo("authentication_required"));
        given().header("Authorization", "Basic abc").get("/v1/content/x")
                .then().statusCode(401).body("error.code", equalTo("BSE1001"));
    }

    @Test
    void unknownOrMalformedKeyIsAuthenticationFailed() {
        given().header("Authorization", "Bearer bye_thisIsNotARealKeyAtAll_us").contentType(ContentType.JSON).body(BODY)
                .post("/v1/generate/image/bfl/flux-schnell").then().statusCode(401).body("error.code", equalTo("BSE1002"));
        given().header("Authorization", "Bearer sk-live-123").get("/v1/content/x")
                .then().statusCode(401).body("error.code", equalTo("BSE1002"));
        TestAccount account = TestAccounts.create("full_access", null);
        // same prefix, different secret
        String forged = account.key().substring(0, 20) + (account.key().charAt(20) == 'A' ? 'B' : 'A') + account.key().substring(21);
        given().header("Authorization", "Bearer " + forged).get("/v1/content/x")
                .then().statusCode(401).body("error.code", equalTo("BSE1002"));
    }

    @Test
    void keyOfAnotherRegionFailsNamingThatRegion() {
        TestAccount account = TestAccounts.create("full_access", null);
        String euKey = account.key().substring(0, account.key().length() - 2) + "eu";
        given().header("Authorization", "Bearer " + euKey).get("/v1/content/x")
                .then().statusCode(401).body("error.code", equalTo("BSE1002"))
                .body("error.message", containsString("'eu'")).body("error.message", containsString("https://api.eu.babysea.ai/v1"));
    }

    @Test
    void keyWithoutTheRouteScopeIsForbidden() {
        TestAccount monitor = TestAccounts.create("monitor_only", "1");
        given().header("Authorization", monitor.bearer()).contentType(ContentType.JSON).body(BODY)
                .post("/v1/generate/image/bfl/flux-schnell").then().statusCode(403)
                .body("error.code", equalTo("BSE1003")).body("error.details.required_scope", equalTo("generation:write"));
        given().header("Authorization", monitor.bearer()).get("/v1/content/0191b4a0-0000-7000-8000-000000000000").then().statusCode(403)
                .body("error.code", equalTo("BSE1003"));
    }

    @Test
    void repeatedFailedAuthenticationFromOneIpIsLimitedBeforeAuthentication() {
        TestAccount account = TestAccounts.create("full_access", null);
        String ip = "192.0.2." + (1 + new java.util.Random().nextInt(250));
        // 20 failures per window in the test profile
        for (int i = 0; i < 20; i++) {
            given().header("Authorization", "Bearer bye_guessing" + i).header("X-Forwarded-For", ip).get("/v1/status")
                    .then().statusCode(401);
        }
        // now even a valid key is refused from that IP, before the key is looked at
        given().header("Authorization", account.bearer()).header("X-Forwarded-For", ip).get("/v1/status").then().statusCode(429)
                .body("error.code", equalTo("BSE1006")).body("error.retryable", equalTo(true))
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
        // other IPs are unaffected, and successful calls never count
        given().header("Authorization", account.bearer()).header("X-Forwarded-For", "192.0.2.251").get("/v1/status").then().statusCode(200);
    }

    @Test
    void keysAreIssuedOnceInTheDocumentedShape() {
        TestAccount account = TestAccounts.create("read_only", null);
        org.junit.jupiter.api.Assertions.assertTrue(account.key().matches("^bye_[A-Za-z0-9_-]{43}_us$"), account.key());
    }

    @Test
    void adminEndpointsNeedTheOperatorToken() {
        given().contentType(ContentType.JSON).body(Map.of("account_name", "x")).post("/v1/admin/accounts")
                .then().statusCode(401).body("error.code", equalTo("BSE1001"));
        given().header("Authorization", "Bearer wrong").contentType(ContentType.JSON).body(Map.of("account_name", "x"))
                .post("/v1/admin/accounts").then().statusCode(401).body("error.code", equalTo("BSE1002"));
        TestAccount account = TestAccounts.create("full_access", null);
        // a customer key is not an admin token
        given().header("Authorization", account.bearer()).contentType(ContentType.JSON).body(Map.of("account_name", "x"))
                .post("/v1/admin/accounts").then().statusCode(401).body("error.code", equalTo("BSE1002"));
        given().header("Authorization", TestAccounts.ADMIN).contentType(ContentType.JSON).body(Map.of("account_name", "x", "apikey_preset", "root"))
                .post("/v1/admin/accounts").then().statusCode(422).body("error.details.field", equalTo("apikey_preset"));
        given().header("Authorization", TestAccounts.ADMIN).contentType(ContentType.JSON).body("{\"credits\": 1.0001}")
                .post("/v1/admin/accounts/{id}/grants", account.accountId()).then().statusCode(422).body("error.code", equalTo("BSE2008"));
        given().header("Authorization", TestAccounts.ADMIN).contentType(ContentType.JSON).body("{\"credits\": 2.5, \"grant_key\": \"welcome:1\"}")
                .post("/v1/admin/accounts/{id}/grants", account.accountId()).then().statusCode(200)
                .body("data.credit_balance", equalTo(2.5f));
        org.junit.jupiter.api.Assertions.assertEquals(1, StubServices.calls("/ledger/internal/accounts/" + account.accountId() + "/grants")
                .stream().filter(c -> c.body().contains("\"grant_key\":\"welcome:1\"") && c.body().contains("\"amount_micros\":2500000"))
                .count());
    }
}
