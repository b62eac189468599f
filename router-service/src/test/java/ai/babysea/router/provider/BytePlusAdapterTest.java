package ai.babysea.router.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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
import ai.babysea.router.provider.byteplus.BytePlusAdapter;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** BytePlus ModelArk adapter against a WireMock stub ({@link BytePlusAdapter} and router-service/README.md, "Providers"): sync Seedream, Seedance tasks, error envelope. */
class BytePlusAdapterTest {
    private static WireMockServer stub;
    private static BytePlusAdapter adapter;

    @BeforeAll
    static void start() {
        stub = new WireMockServer(options().dynamicPort());
        stub.start();
        adapter = new BytePlusAdapter(StubSettings.http(), StubSettings.of("ark-test", stub.baseUrl()));
    }

    @AfterAll
    static void stop() {
        stub.stop();
    }

    @BeforeEach
    void reset() {
        stub.resetAll();
    }

    @Test
    void seedreamIsSynchronousWithUrls() {
        stub.stubFor(post(urlEqualTo("/api/v3/images/generations")).withHeader("Authorization", equalTo("Bearer ark-test"))
                .withRequestBody(matchingJsonPath("$.size", equalTo("2560x1440")))
                .withRequestBody(matchingJsonPath("$.sequential_image_generation_options.max_images", equalTo("2")))
                .willReturn(aResponse().withBody("{\"model\":\"seedream-4-0-250828\",\"created\":1767225600,\"data\":[{\"url\":\"https://ark.example/a.jpeg\","
                        + "\"size\":\"2560x1440\"},{\"url\":\"https://ark.example/b.jpeg\",\"size\":\"2560x1440\"}],\"usage\":{\"generated_images\":2}}")));
        Submission submission = adapter.submit(Requests.image("byteplus", "seedream-4-0-250828", "16:9", "jpg", 2)).join();
        PollResult.Succeeded done = assertInstanceOf(PollResult.Succeeded.class, submission.immediateResult());
        assertEquals(2, done.outputs().size());
        assertEquals("jpg", done.outputs().get(0).extension());
    }

    @Test
    void seedanceTaskIsPolledAndErrorsAreClassified() {
        stub.stubFor(post(urlEqualTo("/api/v3/contents/generations/tasks")).withRequestBody(matchingJsonPath("$.ratio", equalTo("16:9")))
                .withRequestBody(matchingJsonPath("$.content[0].text", equalTo("a baby seal surfing")))
                .willReturn(aResponse().withBody("{\"id\":\"cgt-1\"}")));
        stub.stubFor(get(urlEqualTo("/api/v3/contents/generations/tasks/cgt-1")).inScenario("t").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("done").willReturn(aResponse().withBody("{\"id\":\"cgt-1\",\"status\":\"running\"}")));
        stub.stubFor(get(urlEqualTo("/api/v3/contents/generations/tasks/cgt-1")).inScenario("t").whenScenarioStateIs("done")
                .willReturn(aResponse().withBody("{\"id\":\"cgt-1\",\"status\":\"succeeded\",\"content\":{\"video_url\":\"https://ark.example/v.mp4\"}}")));
        ProviderRequest request = Requests.video("byteplus", "seedance-1-0-pro-250528", "16:9", 5);
        assertEquals("cgt-1", adapter.submit(request).join().predictionId());
        assertInstanceOf(PollResult.Running.class, adapter.poll(request, "cgt-1", null).join());
        assertInstanceOf(PollResult.Succeeded.class, adapter.poll(request, "cgt-1", null).join());

        stub.stubFor(get(urlEqualTo("/api/v3/contents/generations/tasks/cgt-2")).willReturn(aResponse().withBody(
                "{\"id\":\"cgt-2\",\"status\":\"failed\",\"error\":{\"code\":\"OutputVideoSensitiveContentDetected\",\"message\":\"flagged\"}}")));
        ProviderFailure flagged = ((PollResult.Failed) adapter.poll(request, "cgt-2", null).join()).failure();
        assertEquals(ErrorCode.CONTENT_POLICY_VIOLATION, flagged.code());
        assertFalse(flagged.retryable());

        stub.stubFor(post(urlEqualTo("/api/v3/contents/generations/tasks")).willReturn(aResponse().withStatus(403).withBody(
                "{\"error\":{\"code\":\"AccountOverdueError\",\"message\":\"The account is overdue. Request ID: x\",\"type\":\"Forbidden\"}}")));
        ProviderFailure overdue = AdapterStub.failureOf(adapter.submit(request));
        assertEquals(ErrorCode.PROVIDER_CREDITS_EXHAUSTED, overdue.code());
        assertTrue(overdue.retryable());
    }

    @Test
    void aVideoTaskWithoutASeedCarriesTheAttemptsSeedAndIsFoundByIt() {
        ProviderRequest request = Requests.video("byteplus", "seedance-1-0-pro-250528", "16:9", 5);
        long seed = BytePlusAdapter.attemptSeed(request);
        stub.stubFor(post(urlEqualTo("/api/v3/contents/generations/tasks")).withRequestBody(matchingJsonPath("$.seed", equalTo(String.valueOf(seed))))
                .willReturn(aResponse().withBody("{\"id\":\"cgt-5\"}")));
        assertEquals("cgt-5", adapter.submit(request).join().predictionId());

        long submittedAtMs = 1_767_225_600_000L;
        stub.stubFor(get(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/api/v3/contents/generations/tasks"))
                .withQueryParam("filter.model", equalTo("seedance-1-0-pro-250528"))
                .willReturn(aResponse().withBody("{\"total\":3,\"items\":["
                        + "{\"id\":\"cgt-old\",\"status\":\"succeeded\",\"seed\":" + seed + ",\"created_at\":1767225000},"
                        + "{\"id\":\"cgt-other\",\"status\":\"running\",\"seed\":7,\"created_at\":1767225601},"
                        + "{\"id\":\"cgt-9\",\"status\":\"running\",\"seed\":" + seed + ",\"created_at\":1767225601}]}")));
        assertEquals(new Lookup.Found("cgt-9", null), adapter.find(request, submittedAtMs).join());
        assertEquals(new Lookup.NotFound(), adapter.find(request, submittedAtMs + 3_600_000).join(), "nothing created since");
    }

    @Test
    void imagesLeaveNoTaskToLookUp() {
        assertInstanceOf(Lookup.Unsupported.class, adapter.find(Requests.image("byteplus", "seedream-4-0-250828", "16:9", "jpg", 1), 0).join());
    }
}
