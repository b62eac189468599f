package ai.babysea.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.api.TestAccounts.TestAccount;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Wiring: same application as {@link GenerationPipelineTest}; key lifecycle: create, list, rotate with grace, revoke, expiry, IP allowlist. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "api"))
@WithTestResource(StubServices.class)
@WithTestResource(EmbeddedRedis.class)
class KeyManagementTest {
    @Inject
    AgroalDataSource dataSource;

    private static JsonPath createKey(TestAccount owner, Map<String, Object> body) {
        return given().header("Authorization", owner.bearer()).contentType(ContentType.JSON).body(body).post("/v1/keys")
                .then().statusCode(201).extract().jsonPath();
    }

    private static int status(String key) {
        return given().header("Authorization", "Bearer " + key).get("/v1/status").statusCode();
    }

    @Test
    void securityEventsAreLoggedWithTheRequestIdAndNoKeyMaterial() {
        TestAccount owner = TestAccounts.create("full_access", null);
        JsonPath created = createKey(owner, Map.of("apikey_name", "to revoke", "apikey_preset", "read_only"));
        java.util.List<java.util.logging.LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record instanceof org.jboss.logmanager.ExtLogRecord ext) {
                    ext.copyMdc(); // the MDC as it was on the logging thread, before this handler returns
                }
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger("ai.babysea.api.key");
        logger.addHandler(capture);
        try {
            String requestId = given().header("Authorization", owner.bearer()).post("/v1/keys/{id}/revoke", created.getString("data.apikey_id"))
                    .then().statusCode(200).extract().jsonPath().getString("request_id");
            java.util.logging.LogRecord revoked = records.stream().filter(r -> String.valueOf(r.getMessage()).contains("revoked")
                    || (r.getParameters() != null && java.util.Arrays.toString(r.getParameters()).contains(created.getString("data.apikey_id"))))
                    .findFirst().orElseThrow(() -> new AssertionError("no revocation log line: " + records));
            org.jboss.logmanager.ExtLogRecord ext = (org.jboss.logmanager.ExtLogRecord) revoked;
            assertEquals(requestId, ext.getMdc("request_id"), "the log line carries the answer's request_id");
            assertEquals(owner.accountId(), ext.getMdc("account_id"));
            String text = ext.getFormattedMessage();
            assertTrue(text.contains(created.getString("data.apikey_prefix")), text);
            assertFalse(text.contains(created.getString("data.apikey_key")), "never the raw key");
        } finally {
            logger.removeHandler(capture);
        }
    }

    @Test
    void fullAccessKeyCreatesListsAndNarrowerKeysCannot() {
        TestAccount owner = TestAccounts.create("full_access", null);
        JsonPath created = createKey(owner, Map.of("apikey_name", "worker", "apikey_preset", "generate_only"));
        String raw = created.getString("data.apikey_key");
        assertEquals(raw.substring(0, 9), created.getString("data.apikey_prefix"));
        assertEquals(List.of("generation:write", "generation:read", "library:read"), created.getList("data.apikey_scopes"));
        given().header("Authorization", owner.bearer()).get("/v1/keys").then().statusCode(200)
                .body("data.apikeys_total", equalTo(2))
                .body("data.apikeys.find { it.apikey_name == 'worker' }.apikey_status", equalTo("active"))
                .body("data.apikeys.find { it.apikey_name == 'worker' }.apikey_key", equalTo(null));
        given().header("Authorization", "Bearer " + raw).contentType(ContentType.JSON)
                .body(Map.of("apikey_name", "escalate", "apikey_preset", "full_access")).post("/v1/keys")
                .then().statusCode(403).body("error.code", equalTo("BSE1003"));
        given().header("Authorization", owner.bearer()).contentType(ContentType.JSON)
                .body(Map.of("apikey_name", "n".repeat(101), "apikey_preset", "read_only")).post("/v1/keys")
                .then().statusCode(422).body("error.details.field", equalTo("apikey_name"));
    }

    @Test
    void rotationKeepsTheOldKeyDuringGraceAndRevocationStopsIt() throws Exception {
        TestAccount owner = TestAccounts.create("full_access", null);
        String old = createKey(owner, Map.of("apikey_name", "rotating", "apikey_preset", "read_only")).getString("data.apikey_key");
        String oldId = given().header("Authorization", "Bearer " + old).get("/v1/status").then().extract().jsonPath().getString("data.apikey_id");
        given().header("Authorization", owner.bearer()).contentType(ContentType.JSON).body(Map.of("grace_period_hours", 0))
                .post("/v1/keys/{id}/rotate", oldId).then().statusCode(422).body("error.code", equalTo("BSE2008"));
        given().header("Authorization", owner.bearer()).contentType(ContentType.JSON).body(Map.of("grace_period_hours", 169))
                .post("/v1/keys/{id}/rotate", oldId).then().statusCode(422);
        JsonPath rotated = given().header("Authorization", owner.bearer()).contentType(ContentType.JSON).body(Map.of("grace_period_hours", 1))
                .post("/v1/keys/{id}/rotate", oldId).then().statusCode(200)
                .body("data.rotated_apikey.apikey_status", equalTo("rotated"))
                .body("data.rotated_apikey.apikey_grace_ends_at", notNullValue())
                .body("data.apikey_preset", equalTo("read_only"))
                .extract().jsonPath();
        String fresh = rotated.getString("data.apikey_key");
        assertEquals(200, status(old), "old key works during the grace period");
        assertEquals(200, status(fresh));
        // the grace period ends
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("UPDATE api_keys SET grace_ends_at = now() - interval '1 second' WHERE key_id = ?")) {
            statement.setObject(1, UUID.fromString(oldId));
            statement.executeUpdate();
        }
        given().header("Authorization", "Bearer " + old).get("/v1/status").then().statusCode(401).body("error.code", equalTo("BSE1002"));
        given().header("Authorization", owner.bearer()).post("/v1/keys/{id}/revoke", rotated.getString("data.apikey_id"))
                .then().statusCode(200).body("data.apikey_status", equalTo("revoked"));
        given().header("Authorization", "Bearer " + fresh).get("/v1/status").then().statusCode(401)
                .body("error.code", equalTo("BSE1002")).body("error.message", containsString("revoked"));
    }

    @Test
    void expiredKeysStopAuthenticating() {
        TestAccount owner = TestAccounts.create("full_access", null);
        given().header("Authorization", owner.bearer()).contentType(ContentType.JSON)
                .body(Map.of("apikey_name", "past", "apikey_preset", "read_only", "apikey_expires_at", "2020-01-01T00:00:00Z"))
                .post("/v1/keys").then().statusCode(422).body("error.details.field", equalTo("expires_at"));
        JsonPath created = createKey(owner, Map.of("apikey_name", "short", "apikey_preset", "read_only",
                "apikey_expires_at", Instant.now().plus(1, ChronoUnit.HOURS).toString()));
        String raw = created.getString("data.apikey_key");
        assertEquals(200, status(raw));
        given().header("Authorization", "Bearer " + raw).get("/v1/status").then().body("data.apikey_expires_at", notNullValue());
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE key_id = ?")) {
            statement.setObject(1, UUID.fromString(created.getString("data.apikey_id")));
            statement.executeUpdate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        given().header("Authorization", "Bearer " + raw).get("/v1/status").then().statusCode(401)
                .body("error.code", equalTo("BSE1002")).body("error.message", containsString("expired"));
        given().header("Authorization", owner.bearer()).get("/v1/keys/{id}", created.getString("data.apikey_id")).then()
                .body("data.apikey_status", equalTo("expired"));
    }

    @Test
    void ipAllowlistIsExactAndBounded() {
        TestAccount owner = TestAccounts.create("full_access", null);
        String raw = createKey(owner, Map.of("apikey_name", "office", "apikey_preset", "read_only",
                "apikey_ip_allowlist", "203.0.113.7, 2001:db8::1")).getString("data.apikey_key");
        given().header("Authorization", "Bearer " + raw).header("X-Forwarded-For", "203.0.113.7").get("/v1/status").then().statusCode(200);
        // the status shows the use before this one
        given().header("Authorization", "Bearer " + raw).header("X-Forwarded-For", "2001:db8::1").get("/v1/status").then().statusCode(200)
                .body("data.apikey_last_used_at", notNullValue());
        given().header("Authorization", "Bearer " + raw).header("X-Forwarded-For", "203.0.113.8").get("/v1/status").then().statusCode(403)
                .body("error.code", equalTo("BSE1007"));
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            tooMany.add("198.51.100." + i);
        }
        given().header("Authorization", owner.bearer()).contentType(ContentType.JSON)
                .body(Map.of("apikey_name", "many", "apikey_preset", "read_only", "apikey_ip_allowlist", tooMany)).post("/v1/keys")
                .then().statusCode(422).body("error.details.field", equalTo("ip_allowlist"));
        given().header("Authorization", owner.bearer()).contentType(ContentType.JSON)
                .body(Map.of("apikey_name", "cidr", "apikey_preset", "read_only", "apikey_ip_allowlist", List.of("10.0.0.0/8"))).post("/v1/keys")
                .then().statusCode(400).body("error.details.field", equalTo("ip_allowlist"));
    }
}
