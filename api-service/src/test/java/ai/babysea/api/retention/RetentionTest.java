package ai.babysea.api.retention;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.api.EmbeddedRedis;
import ai.babysea.api.StubServices;
import ai.babysea.api.TestAccounts;
import ai.babysea.platform.jdbc.Sql;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Retention by plan (docs/api/limits-and-retention.md): output files of succeeded generations go after the plan's output retention
 * (the router is asked to delete them, the record then says `generation_removed: true`); finished records go after
 * the plan's record retention, never while a succeeded one still has its files.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "api"))
@WithTestResource(StubServices.class)
@WithTestResource(EmbeddedRedis.class)
class RetentionTest {
    @Inject
    Housekeeping housekeeping;
    @Inject
    Sql sql;

    /** [account id, bearer] of a new account on the plan. */
    private static String[] account(String plan) {
        JsonPath created = given().header("Authorization", TestAccounts.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("account_name", "retention " + plan, "billing_plan", plan)).post("/v1/admin/accounts").then()
                .statusCode(201).extract().jsonPath();
        given().header("Authorization", TestAccounts.ADMIN).contentType(ContentType.JSON).body("{\"credits\": 5}")
                .post("/v1/admin/accounts/{id}/grants", created.getString("data.account_id")).then().statusCode(200);
        return new String[] {created.getString("data.account_id"), "Bearer " + created.getString("data.apikey.apikey_key")};
    }

    private static String submit(String bearer) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON).body("{\"generation_prompt\":\"kept?\"}")
                .post("/v1/generate/image/bfl/flux-schnell").then().statusCode(200).extract().jsonPath().getString("data.generation_id");
    }

    /** Makes a generation terminal as the events would, completed {@code age} ago. */
    private void finish(String generationId, String status, String age) {
        QuarkusTransaction.requiringNew().run(() -> sql.update("UPDATE account_in_flight f SET generations = generations - 1 WHERE (f.account_id, f.shard) = "
                + "(SELECT x.account_id, x.shard FROM account_in_flight x JOIN generations g ON g.account_id = x.account_id "
                + "WHERE g.generation_id = ? AND g.status IN ('pending', 'processing') AND x.generations > 0 LIMIT 1)",
                UUID.fromString(generationId)));
        QuarkusTransaction.requiringNew().run(() -> sql.update("UPDATE generations SET status = ?, completed_at = now() - ?::interval, "
                + "output_files = CASE WHEN ? = 'succeeded' THEN ARRAY['https://cdn.test/" + generationId + ".png'] ELSE '{}' END "
                + "WHERE generation_id = ?", status, age, status, UUID.fromString(generationId)));
    }

    private static JsonPath content(String bearer, String generationId) {
        return given().header("Authorization", bearer).get("/v1/content/{id}", generationId).then().statusCode(200).extract().jsonPath();
    }

    private static boolean deleteAskedFor(String generationId) {
        return !StubServices.calls("/router/internal/generations/" + generationId + "/files").isEmpty();
    }

    @Test
    void outputFilesGoAfterThePlansOutputRetentionAndRecordsAfterTheRecordRetention() {
        String[] free = account("Free");
        String[] enterprise = account("Enterprise");
        String freeOld = submit(free[1]);
        String freeFresh = submit(free[1]);
        String enterpriseOld = submit(enterprise[1]);
        finish(freeOld, "succeeded", "2 hours"); // Free keeps files 1 h
        finish(freeFresh, "succeeded", "10 minutes");
        finish(enterpriseOld, "succeeded", "2 hours"); // Enterprise keeps them 7 days

        while (housekeeping.removeExpiredOutputs() > 0) {
            // other test classes' rows share the database; drain whatever is due
        }
        assertTrue(deleteAskedFor(freeOld), "router asked to delete the expired files");
        assertEquals(true, content(free[1], freeOld).getBoolean("data.generation_removed"));
        assertFalse(deleteAskedFor(freeFresh));
        assertFalse(content(free[1], freeFresh).getMap("data").containsKey("generation_removed"), "omitted until removed");
        assertFalse(deleteAskedFor(enterpriseOld));
        assertFalse(content(enterprise[1], enterpriseOld).getMap("data").containsKey("generation_removed"));

        // records: Free keeps 1 day, Enterprise 365 days; a succeeded record waits for its files
        String freeFailed = submit(free[1]);
        finish(freeFailed, "failed", "2 days");
        finish(freeOld, "succeeded", "2 days");
        finish(freeFresh, "succeeded", "2 days"); // files not removed yet: the record stays until they are
        finish(enterpriseOld, "succeeded", "2 days");
        String stillPending = submit(free[1]);
        QuarkusTransaction.requiringNew().run(() -> sql.update("UPDATE generations SET created_at = now() - interval '3 days' "
                + "WHERE generation_id = ?", UUID.fromString(stillPending)));
        housekeeping.purgeGenerations();

        given().header("Authorization", free[1]).get("/v1/content/{id}", freeOld).then().statusCode(404);
        given().header("Authorization", free[1]).get("/v1/content/{id}", freeFailed).then().statusCode(404);
        content(free[1], freeFresh);
        content(enterprise[1], enterpriseOld);
        assertEquals("pending", content(free[1], stillPending).getString("data.generation_status"), "in flight: never purged");
    }
}
