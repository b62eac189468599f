package ai.babysea.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.api.TestAccounts.TestAccount;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wiring: same application as {@link GenerationPipelineTest}. Every bad request must answer the
 * contract's error envelope with the right code, status and field — and leave nothing behind
 * (no generation row, no outbox row).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "api"))
@WithTestResource(StubServices.class)
@WithTestResource(EmbeddedRedis.class)
class ValidationTest {
    private static TestAccount account;

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void account() {
        if (account == null) {
            account = TestAccounts.create("full_access", "1000");
        }
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                // route, body, status, code, field
                Arguments.of("image/bfl/flux-schnell", "{\"generation_prompt\":\"x\",\"generation_colour\":\"red\"}", 400, "BSE2001", "generation_colour"),
                Arguments.of("image/bfl/flux-schnell", "{}", 400, "BSE2001", "generation_prompt"),
                Arguments.of("image/bfl/flux-schnell", "{\"generation_prompt\":null}", 400, "BSE2001", "generation_prompt"),
                Arguments.of("image/bfl/flux-schnell", "{\"generation_prompt\":\"   \"}", 400, "BSE2001", "generation_prompt"),
                Arguments.of("image/bfl/flux-schnell", "{\"generation_prompt\":42}", 400, "BSE2001", "generation_prompt"),
                Arguments.of("image/bfl/flux-schnell", "{\"generation_prompt\":\"a\\u0000b\"}", 400, "BSE2001", "generation_prompt"),
                Arguments.of("image/bfl/flux-schnell", "{\"generation_prompt\":\"" + "p".repeat(5001) + "\"}", 422, "BSE2008", "generation_prompt"),
                Arguments.of("image/bfl/flux-schnell", "{\"generation_prompt\":\"x\",\"generation_ratio\":\"2:1\"}", 422, "BSE2008", "generation_ratio"),
                Arguments.of("image/bfl/flux-schnell", "{\"generation_prompt\":\"x\",\"generation_ratio\":16}", 400, "BSE2001", "generation_ratio"),
                Arguments.of("image/bfl/flux-schnell", "{\"generation_prompt\":\"x\",\"generation_output_format\":\"gif\"}", 422, "BSE2008", "generation_output_format"),
                Arguments.of("image/bfl/flux-schnell", "{\"generation_prompt\":\"x\",\"generation_output_number\":5}", 422, "BSE2008", "generation_output_number"),
                Arguments.of("image/bfl/flux-schnell", "{\"generation_prompt\":\"x\",\"generation_output_number\":0}", 422, "BSE2008", "generation_output_number"),
                Arguments.of("image/bfl/flux-schnell", "{\"generation_prompt\":\"x\",\"generation_output_number\":1.5}", 400, "BSE2001", "generation_output_number"),
                Arguments.of("image/bfl/flux-schnell", "{\"generation_prompt\":\"x\",\"generation_output_number\":\"2\"}", 400, "BSE2001", "generation_output_number"),
                Arguments.of("image/bfl/flux-schnell", "{\"generation_prompt\":\"x\",\"generation_output_number\":99999999999999999999999999}", 422, "BSE2008", "generation_output_number"),
                Arguments.of("image/bfl/flux-schnell", "{\"generation_prompt\":\"x\",\"generation_output_number\":1e400}", 422, "BSE2008", "generation_output_number"),
                Arguments.of("image/bfl/flux-schnell", "{\"generation_prompt\":\"x\",\"generation_provider_order\":\"fal\"}", 422, "BSE2008", "generation_provider_order"),
                Arguments.of("image/bfl/flux-schnell", "{\"generation_prompt\":\"x\",\"generation_provider_order\":\"replicate, bfl, cloudflare\"}", 422, "BSE2008", "generation_provider_order"),
                Arguments.of("image/bfl/flux-schnell", "{\"generation_prompt\":\"x\",\"generation_input_file\":[\"https://x.test/a.png\"]}", 422, "BSE2008", "generation_input_file"),
                Arguments.of("image/bfl/flux-2-pro", "{\"generation_prompt\":\"x\",\"generation_input_file\":[\"file:///etc/passwd\"]}", 400, "BSE2001", "generation_input_file"),
                Arguments.of("image/bfl/flux-2-pro", "{\"generation_prompt\":\"x\",\"generation_input_file\":\"https://x.test/a.png\"}", 200, null, null),
                Arguments.of("image/bfl/flux-schnell", "{\"generation_prompt\":\"x\",\"generation_duration\":5}", 400, "BSE2001", "generation_duration"),
                Arguments.of("image/bfl/flux-schnell", "{\"generation_prompt\":\"x\",\"generation_seed\":-1}", 422, "BSE2008", "generation_seed"),
                Arguments.of("image/bfl/flux-1.1-pro", "{\"generation_prompt\":\"x\",\"generation_enhance_prompt\":\"max\"}", 422, "BSE2008", "generation_enhance_prompt"),
                Arguments.of("image/bfl/flux-1.1-pro", "{\"generation_prompt\":\"x\",\"generation_moderation\":\"yes\"}", 400, "BSE2001", "generation_moderation"),
                Arguments.of("video/google/veo-2", "{\"generation_prompt\":\"x\"}", 400, "BSE2001", "generation_duration"),
                Arguments.of("video/google/veo-2", "{\"generation_prompt\":\"x\",\"generation_duration\":4}", 422, "BSE2008", "generation_duration"),
                Arguments.of("video/google/veo-2", "{\"generation_prompt\":\"x\",\"generation_duration\":5,\"generation_resolution\":\"720p\"}", 400, "BSE2001", "generation_resolution"),
                Arguments.of("video/bytedance/seedance-1-pro", "{\"generation_prompt\":\"x\",\"generation_duration\":5,\"generation_resolution\":\"4k\"}", 422, "BSE2008", "generation_resolution"),
                Arguments.of("video/bytedance/seedance-1.5-pro", "{\"generation_prompt\":\"x\",\"generation_duration\":5,\"generation_generate_audio\":1}", 400, "BSE2001", "generation_generate_audio"),
                Arguments.of("video/bfl/flux-schnell", "{\"generation_prompt\":\"x\"}", 400, "BSE2012", "model_identifier"),
                Arguments.of("image/google/veo-2", "{\"generation_prompt\":\"x\"}", 400, "BSE2012", "model_identifier"),
                Arguments.of("image/nobody/nothing", "{\"generation_prompt\":\"x\"}", 404, "BSE2011", "model_identifier"),
                Arguments.of("image/bfl/flux-schnell", "{\"generation_prompt\":\"x\"", 400, "BSE2001", null),
                Arguments.of("image/bfl/flux-schnell", "[1,2]", 400, "BSE2001", null),
                Arguments.of("image/bfl/flux-schnell", "", 400, "BSE2001", null),
                Arguments.of("image/bfl/flux-schnell", "{\"generation_prompt\":\"x\",\"generation_prompt\":\"y\"}", 400, "BSE2001", null),
                Arguments.of("image/bfl/flux-schnell", "{\"generation_prompt\":\"x\"} trailing", 400, "BSE2001", null));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void rejectsBadRequestsWithTheContractEnvelopeAndPersistsNothing(String route, String body, int status, String code, String field)
            throws Exception {
        long before = rows();
        var response = given().header("Authorization", account.bearer()).contentType(ContentType.JSON).body(body)
                .post("/v1/generate/" + route).then().statusCode(status);
        if (code == null) {
            response.body("status", equalTo("success"));
            return;
        }
        response.body("status", equalTo("error"))
                .body("request_id", org.hamcrest.Matchers.startsWith("req_"))
                .body("error.code", equalTo(code))
                .body("error.retryable", equalTo(false))
                .body("error.message", not(containsString("Exception")));
        if (field != null) {
            response.body("error.details.field", equalTo(field));
        }
        assertEquals(before, rows(), "nothing persisted or queued");
    }

    @Test
    void frameworkErrorsUseTheEnvelopeToo() {
        given().header("Authorization", account.bearer()).contentType(ContentType.TEXT).body("generation_prompt=x")
                .post("/v1/generate/image/bfl/flux-schnell").then().statusCode(415).body("error.code", equalTo("BSE2001"));
        given().header("Authorization", account.bearer()).get("/v1/generate/image/bfl/flux-schnell")
                .then().statusCode(405).body("status", equalTo("error"));
        given().header("Authorization", account.bearer()).get("/v1/nothing/here")
                .then().statusCode(404).body("error.code", equalTo("BSE2017"));
        given().header("Authorization", account.bearer()).get("/v1/content/not-a-uuid")
                .then().statusCode(404).body("error.code", equalTo("BSE2013"));
        given().header("Authorization", account.bearer()).contentType(ContentType.JSON)
                .body("{\"generation_prompt\":\"" + "x".repeat(120_000) + "\"}")
                .post("/v1/generate/image/bfl/flux-schnell").then().statusCode(413).body("error.code", equalTo("BSE2010"));
    }

    @Test
    void chunkedBodiesOverTheLimitGetTheEnvelope() throws Exception {
        // no Content-Length, so the declared-length check cannot refuse it before reading; the body parser does
        // (above the transport's 1 MB the transport itself answers a bare 413: api-service/README.md)
        for (int size : new int[] {200_000, 900_000}) {
            byte[] body = ("{\"generation_prompt\":\"" + "x".repeat(size) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                    .newBuilder(java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port
                            + "/v1/generate/image/bfl/flux-schnell"))
                    .header("Authorization", account.bearer()).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(413, response.statusCode(), size + " bytes");
            assertTrue(response.body().contains("\"BSE2010\""), size + " bytes: " + response.body());
        }
    }

    @Test
    void videoRequestIsPricedPerSecondAndVariant() {
        given().header("Authorization", account.bearer()).contentType(ContentType.JSON)
                .body("{\"generation_prompt\":\"waves\",\"generation_duration\":10,\"generation_resolution\":\"1080p\","
                        + "\"generation_generate_audio\":true}")
                .post("/v1/generate/video/bytedance/seedance-1.5-pro").then().statusCode(200);
        String id = given().header("Authorization", account.bearer()).contentType(ContentType.JSON)
                .body("{\"generation_prompt\":\"waves\",\"generation_duration\":5.0}")
                .post("/v1/generate/video/bytedance/seedance-1-pro").then().statusCode(200).extract().jsonPath()
                .getString("data.generation_id");
        given().header("Authorization", account.bearer()).get("/v1/content/{id}", id).then().statusCode(200)
                .body("data.generation_duration", equalTo(5))
                .body("data.generation_resolution", equalTo("1080p"))
                .body("data.generation_audio_mode", equalTo("noaudio"))
                .body("data.generation_output_format", equalTo("mp4"));
    }

    private long rows() throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT (SELECT count(*) FROM generations WHERE account_id = ?) + (SELECT last_value FROM outbox_id_seq)")) {
            // the relay deletes published outbox rows, so the sequence (not the row count) shows whether anything was appended
            statement.setObject(1, UUID.fromString(account.accountId()));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
