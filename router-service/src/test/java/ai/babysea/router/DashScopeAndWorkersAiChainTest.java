package ai.babysea.router;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.contracts.Ids;
import ai.babysea.contracts.Topics;
import ai.babysea.contracts.events.DomainEvent;
import ai.babysea.contracts.events.GenerationAdmitted;
import ai.babysea.contracts.events.GenerationCancelForwarded;
import ai.babysea.contracts.events.GenerationCanceled;
import ai.babysea.contracts.events.GenerationFailed;
import ai.babysea.contracts.events.GenerationParameters;
import ai.babysea.contracts.events.GenerationStarted;
import ai.babysea.contracts.events.GenerationSucceeded;
import ai.babysea.embedded.EmbeddedKafka;
import ai.babysea.testing.KafkaEvents;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Wiring: as {@link ProviderChainTest} (same resources, so the same application), with the real Alibaba Cloud and
 * Cloudflare adapters registered through their keys and pointed at WireMock stubs of DashScope and Workers AI. Follows a
 * generation on each from admission to stored outputs, a moderated DashScope task to a terminal BSE2006, and a cancel of
 * a pending DashScope task.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "router_chain"))
@WithTestResource(ProviderStubResource.class)
class DashScopeAndWorkersAiChainTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 7, 7, 7};
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F'};
    private static final String IMAGE_TASKS = "/api/v1/services/aigc/text2image/image-synthesis";
    private static KafkaEvents events;

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

    private static GenerationAdmitted admitted(String model, String prompt, String ratio, String format, String... order) {
        String id = Ids.uuidV7().toString();
        return new GenerationAdmitted(id, "acct-" + id, model, "image",
                new GenerationParameters(prompt, ratio, format, 1, List.of(), null, null, null, Map.of()),
                List.of(order), false, 25_000, "reserve-" + id, Instant.now());
    }

    private static <T extends DomainEvent> T awaitOne(Class<T> type, String generationId) {
        await().atMost(WAIT).until(() -> !events.seen(type, e -> generationId.equals(e.aggregateId())).isEmpty());
        return events.seen(type, e -> generationId.equals(e.aggregateId())).get(0);
    }

    private static void submitAnswers(String prompt, String taskId) {
        stub().stubFor(post(urlEqualTo(IMAGE_TASKS)).withHeader("X-DashScope-Async", equalTo("enable"))
                .withRequestBody(matchingJsonPath("$.input.prompt", equalTo(prompt)))
                .willReturn(aResponse().withBody("{\"output\":{\"task_status\":\"PENDING\",\"task_id\":\"" + taskId + "\"},\"request_id\":\"r-" + taskId + "\"}")));
    }

    private static String task(String id, String status, String extra) {
        return "{\"request_id\":\"q-" + id + "\",\"output\":{\"task_id\":\"" + id + "\",\"task_status\":\"" + status + "\"" + extra + "}}";
    }

    @Test
    void qwenImageRunsAsADashScopeTaskAndItsOutputIsStored() {
        submitAnswers("a seal by the sea", "ds-task-1");
        String resultUrl = stub().baseUrl() + "/dashscope-result/ds-task-1.png?Expires=1&Signature=s";
        stub().stubFor(get(urlEqualTo("/api/v1/tasks/ds-task-1")).willReturn(aResponse().withBody(task("ds-task-1", "SUCCEEDED",
                ",\"results\":[{\"url\":\"" + resultUrl + "\"}],\"task_metrics\":{\"TOTAL\":1,\"SUCCEEDED\":1,\"FAILED\":0}"))));
        stub().stubFor(get(urlPathMatching("/dashscope-result/ds-task-1.png")).willReturn(aResponse().withHeader("Content-Type", "image/png")
                .withBody(PNG)));

        GenerationAdmitted job = admitted("qwen/image", "a seal by the sea", "16:9", "png", "alibabacloud", "replicate", "fal");
        events.publish(job);
        assertEquals("ds-task-1", awaitOne(GenerationStarted.class, job.generationId()).predictionId());
        GenerationSucceeded succeeded = awaitOne(GenerationSucceeded.class, job.generationId());
        assertEquals("alibabacloud", succeeded.provider());
        byte[] stored = given().get(URI.create(succeeded.outputFiles().get(0)).getPath()).then().statusCode(200).extract().asByteArray();
        assertArrayEquals(PNG, stored);
        stub().verify(1, postRequestedFor(urlEqualTo(IMAGE_TASKS)).withRequestBody(matchingJsonPath("$.parameters.size", equalTo("1664*928"))));
    }

    @Test
    void aModeratedDashScopeTaskEndsTheGenerationWithoutFailover() {
        submitAnswers("a moderated seal", "ds-task-2");
        stub().stubFor(get(urlEqualTo("/api/v1/tasks/ds-task-2")).willReturn(aResponse().withBody(task("ds-task-2", "FAILED",
                ",\"code\":\"DataInspectionFailed\",\"message\":\"Output data may contain inappropriate content.\""))));
        GenerationAdmitted job = admitted("qwen/image", "a moderated seal", "1:1", "png", "alibabacloud", "replicate", "fal");
        events.publish(job);
        GenerationFailed failed = awaitOne(GenerationFailed.class, job.generationId());
        assertEquals("BSE2006", failed.errorCode());
        stub().verify(0, postRequestedFor(urlPathMatching("/v1/models/qwen/qwen-image/predictions")));
    }

    @Test
    void cancelingWhileTheDashScopeTaskIsPendingSendsTheTaskCancel() {
        submitAnswers("a seal to cancel", "ds-task-3");
        stub().stubFor(get(urlEqualTo("/api/v1/tasks/ds-task-3")).willReturn(aResponse().withBody(task("ds-task-3", "PENDING", ""))));
        stub().stubFor(post(urlEqualTo("/api/v1/tasks/ds-task-3/cancel")).willReturn(aResponse().withBody("{\"request_id\":\"c-3\"}")));
        GenerationAdmitted job = admitted("qwen/image", "a seal to cancel", "1:1", "png", "alibabacloud");
        events.publish(job);
        assertEquals("ds-task-3", awaitOne(GenerationStarted.class, job.generationId()).predictionId());
        events.publish(new GenerationCancelForwarded(job.generationId(), job.accountId(), Instant.now()));
        GenerationCanceled canceled = awaitOne(GenerationCanceled.class, job.generationId());
        assertTrue(canceled.providerCancelSent());
        await().atMost(WAIT).untilAsserted(() -> stub().verify(1, postRequestedFor(urlEqualTo("/api/v1/tasks/ds-task-3/cancel"))
                .withHeader("Authorization", equalTo("Bearer sk-ds-test"))));
    }

    @Test
    void fluxSchnellRunsOnWorkersAiInOneCallAndItsJpegIsStored() {
        String run = "/client/v4/accounts/" + ProviderStubResource.CLOUDFLARE_ACCOUNT + "/ai/run/@cf/black-forest-labs/flux-1-schnell";
        stub().stubFor(post(urlEqualTo(run)).withHeader("Authorization", equalTo("Bearer cf-test"))
                .withRequestBody(matchingJsonPath("$.prompt", equalTo("a seal on workers ai")))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{\"result\":{\"image\":\""
                        + Base64.getEncoder().encodeToString(JPEG) + "\"},\"success\":true,\"errors\":[],\"messages\":[]}")));
        GenerationAdmitted job = admitted("bfl/flux-schnell", "a seal on workers ai", "1:1", "jpg", "cloudflare");
        events.publish(job);
        GenerationSucceeded succeeded = awaitOne(GenerationSucceeded.class, job.generationId());
        assertEquals("cloudflare", succeeded.provider());
        assertTrue(succeeded.outputFiles().get(0).endsWith(".jpg"), succeeded.outputFiles().get(0));
        byte[] stored = given().get(URI.create(succeeded.outputFiles().get(0)).getPath()).then().statusCode(200).extract().asByteArray();
        assertArrayEquals(JPEG, stored);
        stub().verify(1, postRequestedFor(urlEqualTo(run)));
    }

    @Test
    void aNonSquareRequestSkipsWorkersAi() {
        GenerationAdmitted job = admitted("bfl/flux-schnell", "a wide seal", "16:9", "jpg", "cloudflare");
        events.publish(job);
        GenerationFailed failed = awaitOne(GenerationFailed.class, job.generationId());
        assertEquals("BSE4007", failed.errorCode(), "no provider in the chain can express 16:9");
        stub().verify(0, postRequestedFor(urlPathMatching("/client/v4/.*")).withRequestBody(matchingJsonPath("$.prompt", equalTo("a wide seal"))));
    }
}
