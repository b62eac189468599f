package ai.babysea.router.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.router.provider.runway.RunwayAdapter;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runway adapter against a WireMock stub of the Runway API ({@link RunwayAdapter} and router-service/README.md, "Providers"): version header, task states, cancel. */
class RunwayAdapterTest {
    private static WireMockServer stub;
    private static RunwayAdapter adapter;

    @BeforeAll
    static void start() {
        stub = new WireMockServer(options().dynamicPort());
        stub.start();
        adapter = new RunwayAdapter(StubSettings.http(), StubSettings.of("rw-test", stub.baseUrl()));
    }

    @AfterAll
    static void stop() {
        stub.stop();
    }

    @BeforeEach
    void reset() {
        stub.resetAll();
        // the real API rejects calls without the version header
        stub.stubFor(post(urlEqualTo("/v1/text_to_video")).atPriority(10).willReturn(aResponse().withStatus(400)
                .withBody("{\"error\":\"Missing X-Runway-Version header\"}")));
    }

    @Test
    void submitsTextToVideoWithPixelRatioAndPollsToSucceeded() {
        stub.stubFor(post(urlEqualTo("/v1/text_to_video")).atPriority(1).withHeader("X-Runway-Version", equalTo("2024-11-06"))
                .withHeader("Authorization", equalTo("Bearer rw-test"))
                .withRequestBody(matchingJsonPath("$.ratio", equalTo("1280:720")))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gen4_turbo")))
                .withRequestBody(matchingJsonPath("$.duration", equalTo("5")))
                .willReturn(aResponse().withBody("{\"id\":\"17f20503-6c24-4c16-946b-35dbbce2af2f\"}")));
        String task = "/v1/tasks/17f20503-6c24-4c16-946b-35dbbce2af2f";
        stub.stubFor(get(urlEqualTo(task)).inScenario("t").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("run")
                .willReturn(aResponse().withBody("{\"id\":\"17f2\",\"status\":\"THROTTLED\",\"createdAt\":\"2026-05-01T10:00:00.000Z\"}")));
        stub.stubFor(get(urlEqualTo(task)).inScenario("t").whenScenarioStateIs("run").willSetStateTo("done")
                .willReturn(aResponse().withBody("{\"id\":\"17f2\",\"status\":\"RUNNING\",\"progress\":0.4}")));
        stub.stubFor(get(urlEqualTo(task)).inScenario("t").whenScenarioStateIs("done")
                .willReturn(aResponse().withBody("{\"id\":\"17f2\",\"status\":\"SUCCEEDED\",\"output\":[\"https://cdn.runway.example/out.mp4?sig=1\"]}")));

        ProviderRequest request = Requests.video("runway", "gen4_turbo", "16:9", 5);
        String id = adapter.submit(request).join().predictionId();
        assertInstanceOf(PollResult.Running.class, adapter.poll(request, id, null).join());
        assertInstanceOf(PollResult.Running.class, adapter.poll(request, id, null).join());
        PollResult.Succeeded done = assertInstanceOf(PollResult.Succeeded.class, adapter.poll(request, id, null).join());
        assertEquals("mp4", done.outputs().get(0).extension());
    }

    @Test
    void safetyFailuresAreTerminalOthersFailOverAndCancelDeletesTheTask() {
        ProviderRequest request = Requests.video("runway", "gen4_turbo", "16:9", 5);
        stub.stubFor(get(urlEqualTo("/v1/tasks/s1")).willReturn(aResponse().withBody(
                "{\"id\":\"s1\",\"status\":\"FAILED\",\"failure\":\"Input text flagged\",\"failureCode\":\"SAFETY.INPUT.TEXT\"}")));
        stub.stubFor(get(urlEqualTo("/v1/tasks/s2")).willReturn(aResponse().withBody(
                "{\"id\":\"s2\",\"status\":\"FAILED\",\"failure\":\"bad output\",\"failureCode\":\"INTERNAL.BAD_OUTPUT.CODE01\"}")));
        ProviderFailure safety = ((PollResult.Failed) adapter.poll(request, "s1", null).join()).failure();
        assertEquals(ErrorCode.CONTENT_POLICY_VIOLATION, safety.code());
        assertFalse(safety.retryable());
        assertTrue(((PollResult.Failed) adapter.poll(request, "s2", null).join()).failure().retryable());

        stub.stubFor(post(urlEqualTo("/v1/text_to_video")).atPriority(1).withHeader("X-Runway-Version", equalTo("2024-11-06"))
                .willReturn(aResponse().withStatus(429).withBody("{\"error\":\"Daily generation limit reached\"}")));
        assertEquals(ErrorCode.PROVIDER_RATE_LIMITED, AdapterStub.failureOf(adapter.submit(request)).code());

        stub.stubFor(delete(urlEqualTo("/v1/tasks/c1")).willReturn(aResponse().withStatus(204)));
        adapter.cancel(request, "c1", null).join();
        stub.verify(1, deleteRequestedFor(urlEqualTo("/v1/tasks/c1")).withHeader("X-Runway-Version", equalTo("2024-11-06")));
        assertFalse(adapter.supports(Requests.video("runway", "gen4_turbo", "2:3", 5)));
    }
}
