package ai.babysea.api;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.Map;

/** Creates accounts and keys through the operator bootstrap API, as an operator would. */
public final class TestAccounts {
    /** The admin token configured for the test profile. */
    public static final String ADMIN = "Bearer test-admin-token";

    /** An account and the raw key issued with it. */
    public record TestAccount(String accountId, String key, String keyId) {
        /** The Authorization header value for this key. */
        public String bearer() {
            return "Bearer " + key;
        }
    }

    private TestAccounts() {
    }

    /** A new account with a key of the given preset and the given credits. */
    public static TestAccount create(String preset, String credits) {
        JsonPath created = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("account_name", "test " + preset, "apikey_preset", preset, "billing_plan", "Pro"))
                .post("/v1/admin/accounts").then().statusCode(201).extract().jsonPath();
        TestAccount account = new TestAccount(created.getString("data.account_id"), created.getString("data.apikey.apikey_key"),
                created.getString("data.apikey.apikey_id"));
        if (credits != null) {
            given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("{\"credits\": " + credits + "}")
                    .post("/v1/admin/accounts/{id}/grants", account.accountId()).then().statusCode(200);
        }
        return account;
    }
}
