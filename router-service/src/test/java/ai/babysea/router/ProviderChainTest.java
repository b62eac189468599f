package ai.babysea.router;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.contracts.Ids;
import ai.babysea.contracts.Topics;
import ai.babysea.contracts.events.DomainEvent;
import ai.babysea.contracts.events.EventEnvelope;
import ai.babysea.contracts.events.GenerationAdmitted;
import ai.babysea.contracts.events.GenerationAttemptFailed;
import ai.babysea.contracts.events.GenerationCancelForwarded;
import ai.babysea.contracts.events.GenerationCanceled;
import ai.babysea.contracts.events.GenerationStarted;
import ai.babysea.contracts.events.GenerationParameters;
import ai.babysea.contracts.events.GenerationSucceeded;
import ai.babysea.platform.jdbc.Sql;
import ai.babysea.router.webhook.StandardWebhookVerifier;
import ai.babysea.embedded.EmbeddedKafka;
import ai.babysea.testing.KafkaEvents;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Wiring: the real router with its Replicate adapter pointed at a WireMock stub of Replicate's API, every
 * other provider served by the simulator, in-JVM Kafka and embedded PostgreSQL. Covers failover from a
 * simulated provider to the real adapter, output custody in S3 (in-JVM s3proxy) after the provider's URLs are gone, takeover of
 * a dead instance's jobs, and signed provider webhooks.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "router_chain"))
@WithTestResource(ProviderStubResource.class)
class ProviderChainTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3};
    private static KafkaEvents events;

    @Inject
    Sql sql;

    @BeforeAll
    static void observe() {
        events = new KafkaEvents(EmbeddedKafka.shared().bootstrapServers(), Topics.GENERATION_EVENTS);
    }

    @AfterAll
    static void close() {
        events.close();
    }

    private static WireMockServer stub() {
        return ProviderStubResource.stub();
    }

    private static GenerationAdmitted admitted(String model, String prompt, String... order) {
        String id = Ids.uuidV7().toString();
        return new GenerationAdmitted(id, "acct-" + id, model, "image",
                new GenerationParameters(prompt, "1:1", "png", 1, List.of(), null, null, null, Map.of()),
                List.of(order), false, 10_000, "reserve-" + id, Instant.now());
    }

    private static <T extends DomainEvent> T awaitOne(Class<T> type, String generationId) {
        await().atMost(WAIT).until(() -> !events.seen(type, e -> generationId.equals(e.aggregateId())).isEmpty());
        return events.seen(type, e -> generationId.equals(e.aggregateId())).get(0);
    }

    private static List<String> typesOf(String generationId) {
        return events.seen().stream().filter(e -> generationId.equals(e.aggregateId())).map(EventEnvelope::eventType).toList();
    }

    private static String prediction(String id, String status, String output) {
        return "{\"id\":\"" + id + "\",\"status\":\"" + status + "\",\"output\":" + output + ",\"error\":null,"
                + "\"metrics\":{\"predict_time\":0.5},\"urls\":{\"get\":\"g\",\"cancel\":\"c\"}}";
    }

    @Test
    void failsOverToReplicateAndKeepsServingOutputsAfterTheProviderUrlsExpire() {
        String fileUrl = stub().baseUrl() + "/delivery/chain-1/out-0.png";
        stub().stubFor(post(urlEqualTo("/v1/models/black-forest-labs/flux-1.1-pro-ultra/predictions"))
                .willReturn(aResponse().withStatus(201).withBody(prediction("chain-1", "starting", "null"))));
        stub().stubFor(get(urlEqualTo("/v1/predictions/chain-1"))
                .willReturn(aResponse().withStatus(200).withBody(prediction("chain-1", "succeeded", "[\"" + fileUrl + "\"]"))));
        stub().stubFor(get(urlEqualTo("/delivery/chain-1/out-0.png"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/png").withBody(PNG)));

        // bfl is simulated (no key) and forced to fail; replicate is the real adapter against the stub
        GenerationAdmitted job = admitted("bfl/flux-1.1-pro-ultra", "seal [simulate:fail-first]", "bfl", "replicate");
        events.publish(job);
        GenerationSucceeded succeeded = awaitOne(GenerationSucceeded.class, job.generationId());
        assertEquals("replicate", succeeded.provider());
        assertEquals("chain-1", succeeded.predictionId());
        assertEquals("bfl", awaitOne(GenerationAttemptFailed.class, job.generationId()).provider());

        stub().removeStubMapping(stub().getStubMappings().stream()
                .filter(m -> "/delivery/chain-1/out-0.png".equals(m.getRequest().getUrl())).findFirst().orElseThrow());
        given().get(fileUrl.replace(stub().baseUrl(), "")).then().statusCode(404);
        String ours = URI.create(succeeded.outputFiles().get(0)).getPath();
        byte[] body = given().get(ours).then().statusCode(200).extract().asByteArray();
        assertArrayEquals(PNG, body);

        given().header("Authorization", "Bearer local-internal-token").get("/internal/health/storage").then().statusCode(200)
                .body("healthy", equalTo(true)).body("bucket", equalTo("babysea-outputs"));
        given().header("Authorization", "Bearer local-internal-token").delete("/internal/generations/{id}/files", job.generationId())
                .then().statusCode(200).body("files_deleted", equalTo(1));
        given().get(ours).then().statusCode(404);
    }

    @Test
    void takesOverADeadInstancesRunningJobByPollingWithoutResubmitting() {
        String generationId = Ids.uuidV7().toString();
        String fileUrl = stub().baseUrl() + "/delivery/taken-1/out-0.png";
        stub().stubFor(get(urlEqualTo("/v1/predictions/taken-1"))
                .willReturn(aResponse().withStatus(200).withBody(prediction("taken-1", "succeeded", "[\"" + fileUrl + "\"]"))));
        stub().stubFor(get(urlEqualTo("/delivery/taken-1/out-0.png"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/png").withBody(PNG)));
        // A job another instance submitted to Replicate before it was SIGKILLed: its lease has lapsed.
        QuarkusTransaction.requiringNew().run(() -> {
            sql.update("INSERT INTO jobs (generation_id, account_id, model_identifier, media_type, parameters, provider_order, cost_micros, "
                            + "state, provider_index, attempt, attempt_phase, provider, prediction_id, attempt_started_at, started_at, "
                            + "lease_owner, lease_expires_at) VALUES (?, 'acct-t', 'google/nano-banana', 'image', ?, ?, 10000, 'running', 0, 1, "
                            + "'running', 'replicate', 'taken-1', now(), now(), 'dead-instance', now() - interval '1 second')",
                    generationId, "{\"prompt\":\"seal\",\"ratio\":\"1:1\",\"output_format\":\"png\",\"output_number\":1}",
                    new String[] {"replicate"});
            sql.update("INSERT INTO attempts (generation_id, attempt, provider, prediction_id, outcome) VALUES (?, 1, 'replicate', 'taken-1', 'running')",
                    generationId);
        });

        GenerationSucceeded succeeded = awaitOne(GenerationSucceeded.class, generationId);
        assertEquals("taken-1", succeeded.predictionId());
        stub().verify(0, postRequestedFor(urlPathMatching("/v1/models/google/nano-banana/predictions")));
        stub().verify(0, postRequestedFor(urlEqualTo("/v1/predictions")));
        // the takeover emits no second generation.started
        assertEquals(List.of("generation.succeeded"), typesOf(generationId));
    }

    @Test
    void writesOffAnAmbiguousSubmissionAndMovesToTheNextProvider() {
        String generationId = Ids.uuidV7().toString();
        // The dead instance recorded "submitting" at Replicate but never its answer: resubmitting could run it twice there.
        QuarkusTransaction.requiringNew().run(() -> {
            sql.update("INSERT INTO jobs (generation_id, account_id, model_identifier, media_type, parameters, provider_order, cost_micros, "
                            + "state, provider_index, attempt, attempt_phase, provider, attempt_started_at, lease_owner, lease_expires_at) "
                            + "VALUES (?, 'acct-t', 'qwen/image', 'image', ?, ?, 10000, 'queued', 0, 1, 'submitting', 'replicate', now(), "
                            + "'dead-instance', now() - interval '1 second')",
                    generationId, "{\"prompt\":\"seal\",\"ratio\":\"1:1\",\"output_format\":\"png\",\"output_number\":1}",
                    new String[] {"replicate", "fal"});
            sql.update("INSERT INTO attempts (generation_id, attempt, provider, outcome) VALUES (?, 1, 'replicate', 'submitting')", generationId);
        });

        GenerationSucceeded succeeded = awaitOne(GenerationSucceeded.class, generationId);
        assertEquals("fal", succeeded.provider());
        GenerationAttemptFailed abandoned = awaitOne(GenerationAttemptFailed.class, generationId);
        assertEquals("replicate", abandoned.provider());
        assertTrue(abandoned.errorMessage().contains("submission outcome unknown"));
        stub().verify(0, postRequestedFor(urlPathMatching("/v1/models/qwen/qwen-image/predictions")));
    }

    @Test
    void cancelWhileRunningAtReplicateSendsTheProviderCancelAndIgnoresTheLateResult() {
        stub().stubFor(post(urlEqualTo("/v1/models/black-forest-labs/flux-2-pro/predictions"))
                .willReturn(aResponse().withStatus(201).withBody(prediction("cancel-1", "starting", "null"))));
        stub().stubFor(get(urlEqualTo("/v1/predictions/cancel-1"))
                .willReturn(aResponse().withStatus(200).withBody(prediction("cancel-1", "processing", "null"))));
        stub().stubFor(post(urlEqualTo("/v1/predictions/cancel-1/cancel"))
                .willReturn(aResponse().withStatus(200).withBody(prediction("cancel-1", "canceled", "null"))));
        GenerationAdmitted job = admitted("bfl/flux-2-pro", "seal", "replicate");
        events.publish(job);
        assertEquals("cancel-1", awaitOne(GenerationStarted.class, job.generationId()).predictionId());

        events.publish(new GenerationCancelForwarded(job.generationId(), job.accountId(), Instant.now()));
        GenerationCanceled canceled = awaitOne(GenerationCanceled.class, job.generationId());
        assertTrue(canceled.providerCancelSent());
        assertTrue(canceled.creditsRefunded());
        await().atMost(WAIT).untilAsserted(() -> stub().verify(1, postRequestedFor(urlEqualTo("/v1/predictions/cancel-1/cancel"))));

        // the provider finishes anyway and calls back: verified, but the job is terminal, so nothing changes
        String late = prediction("cancel-1", "succeeded", "[\"" + stub().baseUrl() + "/delivery/late.png\"]");
        stub().stubFor(get(urlEqualTo("/v1/predictions/cancel-1")).willReturn(aResponse().withStatus(200).withBody(late)));
        byte[] body = late.getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        String signature = new StandardWebhookVerifier(ProviderStubResource.REPLICATE_SECRET, 300).sign("msg_late", timestamp, body);
        given().header("webhook-id", "msg_late").header("webhook-timestamp", timestamp).header("webhook-signature", "v1," + signature)
                .body(body).post("/provider-webhooks/replicate").then().statusCode(200);
        assertEquals("canceled", QuarkusTransaction.requiringNew().call(() ->
                sql.queryOne("SELECT state FROM jobs WHERE generation_id = ?", rs -> rs.getString(1), job.generationId()).orElseThrow()));
        assertEquals("canceled", QuarkusTransaction.requiringNew().call(() ->
                sql.queryOne("SELECT outcome FROM attempts WHERE generation_id = ?", rs -> rs.getString(1), job.generationId()).orElseThrow()));
        assertTrue(events.seen(GenerationSucceeded.class, e -> e.generationId().equals(job.generationId())).isEmpty());
    }

    @Test
    void acceptsOnlySignedReplicateWebhooks() {
        byte[] body = prediction("hook-1", "succeeded", "[]").getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        String signature = new StandardWebhookVerifier(ProviderStubResource.REPLICATE_SECRET, 300).sign("msg_1", timestamp, body);
        given().header("webhook-id", "msg_1").header("webhook-timestamp", timestamp).header("webhook-signature", "v1," + signature)
                .body(body).post("/provider-webhooks/replicate").then().statusCode(200);
        given().header("webhook-id", "msg_1").header("webhook-timestamp", timestamp).header("webhook-signature", "v1,AAAA" + signature)
                .body(body).post("/provider-webhooks/replicate").then().statusCode(401);
        given().body(body).post("/provider-webhooks/replicate").then().statusCode(401);
    }

    @Test
    void aSubmitWhoseAnswerWasLostIsFoundAtTheProviderAndAdoptedInsteadOfRunningTwice() {
        String prompt = "a lost answer " + Ids.uuidV7();
        String fileUrl = stub().baseUrl() + "/delivery/lost-1/out-0.png";
        String create = "/v1/models/black-forest-labs/flux-1.1-pro-ultra/predictions";
        // Replicate created the prediction, then the gateway answered 504: the outcome looks unknown to the router
        stub().stubFor(post(urlEqualTo(create)).withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(prompt))
                .willReturn(aResponse().withStatus(504).withBody("gateway timeout")));
        stub().stubFor(get(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/v1/predictions")).willReturn(aResponse()
                .withStatus(200).withBody("{\"next\":null,\"results\":[{\"id\":\"lost-1\",\"model\":\"black-forest-labs/flux-1.1-pro-ultra\","
                        + "\"version\":\"hidden\",\"status\":\"processing\",\"input\":{\"prompt\":\"" + prompt
                        + "\",\"aspect_ratio\":\"1:1\",\"output_format\":\"png\"}}]}")));
        stub().stubFor(get(urlEqualTo("/v1/predictions/lost-1"))
                .willReturn(aResponse().withStatus(200).withBody(prediction("lost-1", "succeeded", "[\"" + fileUrl + "\"]"))));
        stub().stubFor(get(urlEqualTo("/delivery/lost-1/out-0.png"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/png").withBody(PNG)));

        GenerationAdmitted job = admitted("bfl/flux-1.1-pro-ultra", prompt, "replicate", "bfl");
        events.publish(job);
        GenerationSucceeded succeeded = awaitOne(GenerationSucceeded.class, job.generationId());
        assertEquals("replicate", succeeded.provider());
        assertEquals("lost-1", succeeded.predictionId());
        assertEquals(List.of("generation.started", "generation.succeeded"), typesOf(job.generationId()), "adopted: no failover");
        stub().verify(1, postRequestedFor(urlEqualTo(create)).withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(prompt)));
    }

    @Test
    void aLostSubmitTheProviderHasNoPredictionForFailsOver() {
        String prompt = "never created " + Ids.uuidV7();
        String create = "/v1/models/black-forest-labs/flux-1.1-pro-ultra/predictions";
        stub().stubFor(post(urlEqualTo(create)).withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(prompt))
                .willReturn(aResponse().withStatus(502).withBody("bad gateway")));
        stub().stubFor(get(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/v1/predictions"))
                .willReturn(aResponse().withStatus(200).withBody("{\"next\":null,\"results\":[]}")));

        GenerationAdmitted job = admitted("bfl/flux-1.1-pro-ultra", prompt, "replicate", "bfl");
        events.publish(job);
        GenerationSucceeded succeeded = awaitOne(GenerationSucceeded.class, job.generationId());
        assertEquals("bfl", succeeded.provider());
        GenerationAttemptFailed failed = awaitOne(GenerationAttemptFailed.class, job.generationId());
        assertEquals("replicate", failed.provider());
        assertTrue(failed.errorMessage().contains("has no prediction"), failed.errorMessage());
    }
}
