package ai.babysea.ledger;

import static ai.babysea.ledger.LedgerTesting.TOKEN;
import static ai.babysea.ledger.LedgerTesting.newAccount;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import ai.babysea.ledger.reconciliation.ReconciliationService;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table over the internal REST API: each row is one call against a freshly granted account (1 credit, grant key
 * {@code welcome}) and the status, error code and field it must answer with.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "ledger"))
class LedgerRestTest {
    @Inject
    ReconciliationService reconciliation;

    /** One call: method, path below the account ({@code {a}} is replaced), body, token, and the expected answer. */
    record Call(String name, String method, String path, Object body, String token, int status, String code, String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Call> calls() {
        return Stream.of(
                new Call("balance", "GET", "/internal/accounts/{a}/balance", null, TOKEN, 200, null, null),
                new Call("balance without token", "GET", "/internal/accounts/{a}/balance", null, null, 401, "BSE1002", null),
                new Call("balance with a wrong token", "GET", "/internal/accounts/{a}/balance", null, "Bearer nope", 401, "BSE1002", null),
                new Call("statement", "GET", "/internal/accounts/{a}/statement?limit=10", null, TOKEN, 200, null, null),
                new Call("statement limit 0", "GET", "/internal/accounts/{a}/statement?limit=0", null, TOKEN, 422, "BSE2008", "limit"),
                new Call("statement limit 501", "GET", "/internal/accounts/{a}/statement?limit=501", null, TOKEN, 422, "BSE2008", "limit"),
                new Call("statement negative offset", "GET", "/internal/accounts/{a}/statement?offset=-1", null, TOKEN, 422, "BSE2008", "offset"),
                new Call("grant", "POST", "/internal/accounts/{a}/grants", Map.of("grant_key", "order:{a}", "amount_micros", 5_000), TOKEN,
                        200, null, null),
                new Call("grant repeated (same key, same amount)", "POST", "/internal/accounts/{a}/grants",
                        Map.of("grant_key", "welcome:{a}", "amount_micros", 1_000_000), TOKEN, 200, null, null),
                new Call("grant without amount", "POST", "/internal/accounts/{a}/grants", Map.of("grant_key", "k:{a}"), TOKEN, 400,
                        "BSE2001", "amount_micros"),
                new Call("grant of zero", "POST", "/internal/accounts/{a}/grants", Map.of("grant_key", "k:{a}", "amount_micros", 0), TOKEN,
                        400, "BSE3006", "amount_micros"),
                new Call("grant above the bound", "POST", "/internal/accounts/{a}/grants",
                        Map.of("grant_key", "k:{a}", "amount_micros", 9_999_999_999_001L), TOKEN, 400, "BSE3006", "amount_micros"),
                new Call("grant without key", "POST", "/internal/accounts/{a}/grants", Map.of("amount_micros", 10), TOKEN, 400, "BSE2001",
                        "grant_key"),
                new Call("grant key reused with another amount", "POST", "/internal/accounts/{a}/grants",
                        Map.of("grant_key", "welcome:{a}", "amount_micros", 7), TOKEN, 409, "BSE3008", "amount_micros"),
                new Call("alert settings (default)", "GET", "/internal/accounts/{a}/alert-settings", null, TOKEN, 200, null, null),
                new Call("alert settings of an unknown account", "GET", "/internal/accounts/nobody-{a}/alert-settings", null, TOKEN, 404,
                        "BSE3007", "account_id"),
                new Call("alert settings update", "PUT", "/internal/accounts/{a}/alert-settings",
                        Map.of("enabled", true, "thresholds_micros", List.of(1_000_000, 250_000)), TOKEN, 200, null, null),
                new Call("alert settings with 11 thresholds", "PUT", "/internal/accounts/{a}/alert-settings",
                        Map.of("enabled", true, "thresholds_micros", List.of(1_000, 2_000, 3_000, 4_000, 5_000, 6_000, 7_000, 8_000, 9_000,
                                10_000, 11_000)), TOKEN, 400, "BSE3009", "thresholds_micros"),
                new Call("alert settings with a negative threshold", "PUT", "/internal/accounts/{a}/alert-settings",
                        Map.of("enabled", true, "thresholds_micros", List.of(-1_000)), TOKEN, 400, "BSE3009", "thresholds_micros"),
                new Call("alert settings without enabled", "PUT", "/internal/accounts/{a}/alert-settings",
                        Map.of("thresholds_micros", List.of(1_000)), TOKEN, 400, "BSE2001", "enabled"),
                new Call("alert settings of an unknown account update", "PUT", "/internal/accounts/nobody-{a}/alert-settings",
                        Map.of("enabled", true, "thresholds_micros", List.of(1_000)), TOKEN, 404, "BSE3007", "account_id"),
                new Call("reconciliation", "GET", "/internal/reconciliation", null, TOKEN, 200, null, null),
                new Call("reconciliation without token", "GET", "/internal/reconciliation", null, null, 401, "BSE1002", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void answersAsTheTableSays(Call call) {
        String account = newAccount();
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(Map.of("grant_key", "welcome:" + account, "amount_micros", 1_000_000))
                .post("/internal/accounts/{id}/grants", account).then().statusCode(200);
        RequestSpecification request = given().contentType(ContentType.JSON);
        if (call.token() != null) {
            request = request.header("Authorization", call.token());
        }
        if (call.body() != null) {
            request = request.body(substitute(call.body(), account));
        }
        String path = call.path().replace("{a}", account);
        var response = request.request(call.method(), path).then().statusCode(call.status());
        if (call.code() == null) {
            response.body("status", nullValue());
        } else {
            response.body("status", equalTo("error")).body("error.code", equalTo(call.code()));
            if (call.field() != null) {
                response.body("error.details.field", equalTo(call.field()));
            }
        }
    }

    private static Object substitute(Object body, String account) {
        if (body instanceof Map<?, ?> map) {
            Map<String, Object> copy = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, v instanceof String s ? s.replace("{a}", account) : v));
            return copy;
        }
        return body;
    }

    @Test
    void balanceAndStatementShowEntriesNewestFirstWithBalanceAfter() {
        String account = newAccount();
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(Map.of("grant_key", "welcome:" + account, "amount_micros", 1_000_000, "description", "welcome"))
                .post("/internal/accounts/{id}/grants", account).then().statusCode(200)
                .body("available_micros", equalTo(1_000_000)).body("granted_micros", equalTo(-1_000_000));
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(Map.of("grant_key", "invoice:" + account, "amount_micros", 2_000_000))
                .post("/internal/accounts/{id}/grants", account).then().statusCode(200).body("available_micros", equalTo(3_000_000));
        given().header("Authorization", TOKEN).get("/internal/accounts/{id}/statement?limit=1&offset=0", account).then()
                .statusCode(200).body("total", equalTo(2)).body("entries.size()", equalTo(1))
                .body("entries[0].type", equalTo("add")).body("entries[0].amount_micros", equalTo(2_000_000))
                .body("entries[0].balance_after_micros", equalTo(3_000_000));
        given().header("Authorization", TOKEN).get("/internal/accounts/{id}/statement?limit=1&offset=1", account).then()
                .statusCode(200).body("entries[0].description", equalTo("welcome"))
                .body("entries[0].balance_after_micros", equalTo(1_000_000));
        given().header("Authorization", TOKEN).get("/internal/accounts/{id}/alert-settings", account).then().statusCode(200)
                .body("enabled", equalTo(true)).body("thresholds_micros", equalTo(List.of(500_000)))
                .body("fired_thresholds_micros", equalTo(List.of()));
    }

    @AfterEach
    void reconciled() {
        LedgerTesting.assertReconciled(reconciliation);
    }
}
