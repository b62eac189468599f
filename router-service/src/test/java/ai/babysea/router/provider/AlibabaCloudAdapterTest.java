package ai.babysea.router.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.contracts.events.GenerationParameters;
import ai.babysea.router.provider.alibabacloud.AlibabaCloudAdapter;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Alibaba Cloud DashScope adapter against a WireMock stub of the DashScope API: async task submit (refused without
 * `X-DashScope-Async: enable`, as the real API does), task polling through its status vocabulary, the error body
 * `{request_id, code, message}` classified by code, and cancel of pending tasks.
 */
class AlibabaCloudAdapterTest {
    private static final String IMAGE = "/api/v1/services/aigc/text2image/image-synthesis";
    private static final String VIDEO = "/api/v1/services/aigc/video-generation/video-synthesis";
    private static WireMockServer stub;
    private static AlibabaCloudAdapter adapter;

    @BeforeAll
    static void start() {
        stub = new WireMockServer(options().dynamicPort());
        stub.start();
        adapter = new AlibabaCloudAdapter(StubSettings.http(), StubSettings.of("sk-ds-test", stub.baseUrl()));
    }

    @AfterAll
    static void stop() {
        stub.stop();
    }

    @BeforeEach
    void reset() {
        stub.resetAll();
        // these endpoints only run asynchronously; a call without the header is refused
        for (String path : List.of(IMAGE, VIDEO)) {
            stub.stubFor(post(urlEqualTo(path)).atPriority(10).willReturn(aResponse().withStatus(403).withBody(
                    "{\"request_id\":\"7b3c-1\",\"code\":\"AccessDenied\",\"message\":\"current user api does not support synchronous calls\"}")));
        }
    }

    private static String task(String id, String status, String extra) {
        return "{\"request_id\":\"e5d7-" + id + "\",\"output\":{\"task_id\":\"" + id + "\",\"task_status\":\"" + status + "\""
                + ",\"submit_time\":\"2026-12-07 18:00:00.100\",\"scheduled_time\":\"2026-12-07 18:00:00.250\"" + extra + "}}";
    }

    private static String error(String code, String message) {
        return "{\"request_id\":\"1c5d-err\",\"code\":\"" + code + "\",\"message\":\"" + message + "\"}";
    }

    @Test
    void aQwenImageTaskIsSubmittedAsynchronouslyAndPolledToItsUrl() {
        stub.stubFor(post(urlEqualTo(IMAGE)).atPriority(1).withHeader("X-DashScope-Async", equalTo("enable"))
                .withHeader("Authorization", equalTo("Bearer sk-ds-test"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("qwen-image")))
                .withRequestBody(matchingJsonPath("$.input.prompt", equalTo("a baby seal on ice")))
                .withRequestBody(matchingJsonPath("$.parameters.size", equalTo("1664*928")))
                .withRequestBody(matchingJsonPath("$.parameters.n", equalTo("1")))
                .withRequestBody(matchingJsonPath("$.parameters.seed", equalTo("42")))
                .withRequestBody(matchingJsonPath("$.parameters.prompt_extend", equalTo("false")))
                .withRequestBody(matchingJsonPath("$.parameters.watermark", equalTo("false")))
                .willReturn(aResponse().withBody("{\"output\":{\"task_status\":\"PENDING\",\"task_id\":\"0385dc79-5ff8-4d82-bcb6-000000000001\"},"
                        + "\"request_id\":\"4909100c-7b5a-9f92-bfe5-000000000001\"}")));
        String path = "/api/v1/tasks/0385dc79-5ff8-4d82-bcb6-000000000001";
        stub.stubFor(get(urlEqualTo(path)).inScenario("t").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("run")
                .willReturn(aResponse().withBody(task("0385dc79-5ff8-4d82-bcb6-000000000001", "PENDING", ""))));
        stub.stubFor(get(urlEqualTo(path)).inScenario("t").whenScenarioStateIs("run").willSetStateTo("done")
                .willReturn(aResponse().withBody(task("0385dc79-5ff8-4d82-bcb6-000000000001", "RUNNING", ""))));
        stub.stubFor(get(urlEqualTo(path)).inScenario("t").whenScenarioStateIs("done").willReturn(aResponse().withBody(
                task("0385dc79-5ff8-4d82-bcb6-000000000001", "SUCCEEDED", ",\"end_time\":\"2026-12-07 18:00:12.750\",\"results\":[{"
                        + "\"orig_prompt\":\"a baby seal on ice\",\"url\":\"https://dashscope-result-sgp.oss-ap-southeast-1.aliyuncs.com/1d/a1.png"
                        + "?Expires=1765130412&Signature=x\"}],\"task_metrics\":{\"TOTAL\":1,\"SUCCEEDED\":1,\"FAILED\":0}")
                        .replace("}}", "},\"usage\":{\"image_count\":1}}"))));

        ProviderRequest request = Requests.image("alibabacloud", "qwen-image", "16:9", "png", 1);
        Submission submission = adapter.submit(request).join();
        assertEquals("0385dc79-5ff8-4d82-bcb6-000000000001", submission.predictionId());
        assertNull(submission.immediateResult());
        assertInstanceOf(PollResult.Running.class, adapter.poll(request, submission.predictionId(), null).join());
        assertInstanceOf(PollResult.Running.class, adapter.poll(request, submission.predictionId(), null).join());
        PollResult.Succeeded done = assertInstanceOf(PollResult.Succeeded.class, adapter.poll(request, submission.predictionId(), null).join());
        assertEquals(1, done.outputs().size());
        assertTrue(done.outputs().get(0).url().startsWith("https://dashscope-result-sgp"));
        assertEquals("png", done.outputs().get(0).extension());
        assertEquals(12.5, done.predictTimeSeconds(), "scheduled to end");
    }

    @Test
    void aWanVideoTaskCarriesRatioResolutionDurationAndFramesAndEndsWithItsVideoUrl() {
        stub.stubFor(post(urlEqualTo(VIDEO)).atPriority(1).withHeader("X-DashScope-Async", equalTo("enable"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("wan2.7-t2v")))
                .withRequestBody(matchingJsonPath("$.input.prompt", equalTo("a baby seal surfing")))
                .withRequestBody(matchingJsonPath("$.input.media[0].type", equalTo("first_frame")))
                .withRequestBody(matchingJsonPath("$.input.media[0].url", equalTo("https://in.example/first.png")))
                .withRequestBody(matchingJsonPath("$.input.media[1].type", equalTo("last_frame")))
                .withRequestBody(matchingJsonPath("$.parameters.resolution", equalTo("720P")))
                .withRequestBody(matchingJsonPath("$.parameters.ratio", equalTo("16:9")))
                .withRequestBody(matchingJsonPath("$.parameters.duration", equalTo("5")))
                .willReturn(aResponse().withBody("{\"request_id\":\"r-v\",\"output\":{\"task_id\":\"v-1\",\"task_status\":\"PENDING\"}}")));
        stub.stubFor(get(urlEqualTo("/api/v1/tasks/v-1")).willReturn(aResponse().withBody(task("v-1", "SUCCEEDED",
                ",\"end_time\":\"2026-12-07 18:01:30.250\",\"orig_prompt\":\"a baby seal surfing\",\"video_url\":\"https://dashscope-result-sgp."
                        + "oss-ap-southeast-1.aliyuncs.com/v/out.mp4?Expires=1\""))));
        ProviderRequest request = Requests.withInputs(Requests.video("alibabacloud", "wan2.7-t2v", "16:9", 5), "https://in.example/first.png",
                "https://in.example/last.png");
        assertTrue(adapter.supports(request));
        String id = adapter.submit(request).join().predictionId();
        PollResult.Succeeded done = assertInstanceOf(PollResult.Succeeded.class, adapter.poll(request, id, null).join());
        assertEquals("mp4", done.outputs().get(0).extension());
        assertEquals(90.0, done.predictTimeSeconds());
    }

    @Test
    void failedTasksAreClassifiedByTheirCode() {
        ProviderRequest request = Requests.image("alibabacloud", "qwen-image", "1:1", "png", 1);
        stub.stubFor(get(urlEqualTo("/api/v1/tasks/f-1")).willReturn(aResponse().withBody(task("f-1", "FAILED",
                ",\"code\":\"DataInspectionFailed\",\"message\":\"Output data may contain inappropriate content.\""))));
        stub.stubFor(get(urlEqualTo("/api/v1/tasks/f-2")).willReturn(aResponse().withBody(task("f-2", "FAILED",
                ",\"code\":\"InternalError.Algo\",\"message\":\"An internal error has occured during execution.\""))));
        stub.stubFor(get(urlEqualTo("/api/v1/tasks/f-3")).willReturn(aResponse().withBody(task("f-3", "FAILED",
                ",\"code\":\"InvalidParameter\",\"message\":\"The size is not match the allowed size.\""))));
        stub.stubFor(get(urlEqualTo("/api/v1/tasks/u-1")).willReturn(aResponse().withBody(
                "{\"request_id\":\"r\",\"output\":{\"task_id\":\"u-1\",\"task_status\":\"UNKNOWN\"}}")));
        stub.stubFor(get(urlEqualTo("/api/v1/tasks/c-1")).willReturn(aResponse().withBody(task("c-1", "CANCELED", ""))));
        stub.stubFor(get(urlEqualTo("/api/v1/tasks/p-1")).willReturn(aResponse().withBody(task("p-1", "SUCCEEDED",
                ",\"results\":[{\"code\":\"DataInspectionFailed\",\"message\":\"Output data may contain inappropriate content.\"}],"
                        + "\"task_metrics\":{\"TOTAL\":1,\"SUCCEEDED\":0,\"FAILED\":1}"))));

        ProviderFailure moderated = ((PollResult.Failed) adapter.poll(request, "f-1", null).join()).failure();
        assertEquals(ErrorCode.CONTENT_POLICY_VIOLATION, moderated.code());
        assertFalse(moderated.retryable());
        ProviderFailure internal = ((PollResult.Failed) adapter.poll(request, "f-2", null).join()).failure();
        assertEquals(ErrorCode.PROVIDER_ERROR, internal.code());
        assertTrue(internal.retryable());
        ProviderFailure invalid = ((PollResult.Failed) adapter.poll(request, "f-3", null).join()).failure();
        assertEquals(ErrorCode.PROVIDER_INVALID_INPUT, invalid.code());
        assertFalse(invalid.retryable());
        assertTrue(((PollResult.Failed) adapter.poll(request, "u-1", null).join()).failure().retryable());
        assertTrue(((PollResult.Failed) adapter.poll(request, "c-1", null).join()).failure().retryable());
        ProviderFailure subTask = ((PollResult.Failed) adapter.poll(request, "p-1", null).join()).failure();
        assertEquals(ErrorCode.CONTENT_POLICY_VIOLATION, subTask.code(), "a moderated image inside a succeeded task");
    }

    @Test
    void errorAnswersAreClassifiedByCodeBeforeStatus() {
        ProviderRequest request = Requests.image("alibabacloud", "qwen-image", "1:1", "png", 1);
        record Case(int status, String body, String retryAfter, ErrorCode code, boolean retryable) {
        }
        List<Case> cases = List.of(
                new Case(400, error("DataInspectionFailed", "Input data may contain inappropriate content."), null,
                        ErrorCode.CONTENT_POLICY_VIOLATION, false),
                new Case(400, error("Arrearage", "Access denied, please make sure your account is in good standing."), null,
                        ErrorCode.PROVIDER_CREDITS_EXHAUSTED, true),
                new Case(400, error("InvalidParameter", "Required parameter(s) missing or invalid, please check the request parameters."), null,
                        ErrorCode.PROVIDER_INVALID_INPUT, false),
                new Case(401, error("InvalidApiKey", "Invalid API-key provided."), null, ErrorCode.PROVIDER_AUTH_ERROR, true),
                new Case(404, error("ModelNotFound", "Model not exist."), null, ErrorCode.PROVIDER_ERROR, true),
                new Case(429, error("Throttling.RateQuota", "Requests rate limit exceeded, please try again later."), "7",
                        ErrorCode.PROVIDER_RATE_LIMITED, true),
                new Case(500, error("InternalError", "An internal error has occured, please try again later or contact service support."), null,
                        ErrorCode.PROVIDER_ERROR, true),
                new Case(503, "<html><body>Service Unavailable</body></html>", null, ErrorCode.PROVIDER_CAPACITY, true));
        for (Case c : cases) {
            var response = aResponse().withStatus(c.status()).withBody(c.body());
            if (c.retryAfter() != null) {
                response.withHeader("Retry-After", c.retryAfter());
            }
            stub.stubFor(post(urlEqualTo(IMAGE)).atPriority(1).withHeader("X-DashScope-Async", equalTo("enable")).willReturn(response));
            ProviderFailure failure = AdapterStub.failureOf(adapter.submit(request));
            assertEquals(c.code(), failure.code(), c.body());
            assertEquals(c.retryable(), failure.retryable(), c.body());
            if (c.retryAfter() != null) {
                assertEquals(Duration.ofSeconds(7), failure.retryAfter());
            }
        }
    }

    @Test
    void cancelIsSentAndARunningTaskThatCannotBeCanceledIsLeftAlone() {
        ProviderRequest request = Requests.image("alibabacloud", "qwen-image", "1:1", "png", 1);
        stub.stubFor(post(urlEqualTo("/api/v1/tasks/t-pending/cancel")).withHeader("Authorization", equalTo("Bearer sk-ds-test"))
                .willReturn(aResponse().withBody("{\"request_id\":\"c-ok\"}")));
        stub.stubFor(post(urlEqualTo("/api/v1/tasks/t-running/cancel")).willReturn(aResponse().withStatus(400).withBody(
                error("UnsupportedOperation", "Failed to cancel the task, please confirm if the task is in PENDING status."))));
        stub.stubFor(post(urlEqualTo("/api/v1/tasks/t-broken/cancel")).willReturn(aResponse().withStatus(500).withBody(
                error("InternalError", "An internal error has occured."))));
        assertTrue(adapter.supportsCancel());
        adapter.cancel(request, "t-pending", null).join();
        adapter.cancel(request, "t-running", null).join();
        stub.verify(1, postRequestedFor(urlEqualTo("/api/v1/tasks/t-pending/cancel")));
        stub.verify(1, postRequestedFor(urlEqualTo("/api/v1/tasks/t-running/cancel")));
        CompletionException broken = assertThrows(CompletionException.class, () -> adapter.cancel(request, "t-broken", null).join());
        assertInstanceOf(ProviderException.class, broken.getCause());
    }

    @Test
    void requestsDashScopeCannotExpressSkipIt() {
        assertTrue(adapter.supports(Requests.image("alibabacloud", "qwen-image", "1:1", "png", 1)));
        assertTrue(adapter.supports(Requests.image("alibabacloud", "qwen-image", "3:4", null, 1)));
        assertFalse(adapter.supports(Requests.image("alibabacloud", "qwen-image", "1:1", "png", 2)), "one image per Qwen task");
        assertFalse(adapter.supports(Requests.image("alibabacloud", "qwen-image", "1:1", "jpg", 1)), "DashScope writes PNG");
        assertFalse(adapter.supports(Requests.image("alibabacloud", "qwen-image", "2:3", "png", 1)));
        assertFalse(adapter.supports(Requests.withInputs(Requests.image("alibabacloud", "qwen-image", "1:1", "png", 1), "https://x.test/a.png")));
        assertTrue(adapter.supports(Requests.image("alibabacloud", "wan2.2-t2i-flash", "16:9", "png", 4)));
        assertFalse(adapter.supports(Requests.image("alibabacloud", "wan2.2-t2i-flash", "16:9", "png", 5)));
        assertTrue(adapter.supports(Requests.video("alibabacloud", "wan2.7-t2v", "9:16", 5)));
        assertFalse(adapter.supports(Requests.video("alibabacloud", "wan2.7-t2v", "21:9", 5)));
        ProviderRequest audio = Requests.video("alibabacloud", "wan2.7-t2v", "16:9", 5);
        var p = audio.parameters();
        assertFalse(adapter.supports(new ProviderRequest(audio.generationId(), audio.modelIdentifier(), "video", "alibabacloud", "wan2.7-t2v",
                new GenerationParameters(p.prompt(), p.ratio(), p.outputFormat(), 1, List.of(), 5, "720p", true, Map.of()), 1, 0)),
                "no audio parameter in the video-synthesis request");
        assertFalse(new AlibabaCloudAdapter(StubSettings.http(), StubSettings.of(null, stub.baseUrl())).configured());
        assertTrue(adapter.configured());
    }
}
