package ai.babysea.router.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.router.provider.google.GoogleAdapter;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Google adapter against a WireMock stub of the Gemini API (providers.md §5): Gemini image and Veo operations. */
class GoogleAdapterTest {
    private static WireMockServer stub;
    private static GoogleAdapter adapter;

    @BeforeAll
    static void start() {
        stub = new WireMockServer(options().dynamicPort());
        stub.start();
        adapter = new GoogleAdapter(StubSettings.http(), StubSettings.of("goog-test", stub.baseUrl()));
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
    void geminiImageReturnsInlineDataAndSafetyBlocksAreTerminal() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 9};
        stub.stubFor(post(urlEqualTo("/v1beta/models/gemini-2.5-flash-image:generateContent")).withHeader("x-goog-api-key", equalTo("goog-test"))
                .withRequestBody(matchingJsonPath("$.generationConfig.imageConfig.aspectRatio", equalTo("16:9")))
                .withRequestBody(matchingJsonPath("$.generationConfig.responseModalities[0]", equalTo("IMAGE")))
                .willReturn(aResponse().withBody("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"here\"},{\"inlineData\":{\"mimeType\":\"image/png\","
                        + "\"data\":\"" + Base64.getEncoder().encodeToString(png) + "\"}}]},\"finishReason\":\"STOP\"}]}")));
        Submission submission = adapter.submit(Requests.image("google", "gemini-2.5-flash-image", "16:9", "png", 1)).join();
        PollResult.Succeeded done = assertInstanceOf(PollResult.Succeeded.class, submission.immediateResult());
        assertArrayEquals(png, done.outputs().get(0).content());

        stub.stubFor(post(urlEqualTo("/v1beta/models/gemini-2.5-flash-image:generateContent"))
                .willReturn(aResponse().withBody("{\"candidates\":[{\"content\":{\"parts\":[]},\"finishReason\":\"IMAGE_SAFETY\"}]}")));
        PollResult.Failed blocked = assertInstanceOf(PollResult.Failed.class,
                adapter.submit(Requests.image("google", "gemini-2.5-flash-image", "1:1", "png", 1)).join().immediateResult());
        assertEquals(ErrorCode.CONTENT_POLICY_VIOLATION, blocked.failure().code());
        assertFalse(blocked.failure().retryable());
    }

    @Test
    void veoOperationIsPolledUntilDoneAndTheVideoNeedsTheKey() {
        stub.stubFor(post(urlEqualTo("/v1beta/models/veo-2.0-generate-001:predictLongRunning"))
                .withRequestBody(matchingJsonPath("$.parameters.aspectRatio", equalTo("9:16")))
                .withRequestBody(matchingJsonPath("$.parameters.durationSeconds", equalTo("8")))
                .willReturn(aResponse().withBody("{\"name\":\"models/veo-2.0-generate-001/operations/op1\"}")));
        stub.stubFor(get(urlEqualTo("/v1beta/models/veo-2.0-generate-001/operations/op1")).inScenario("op").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("done").willReturn(aResponse().withBody("{\"name\":\"models/veo-2.0-generate-001/operations/op1\"}")));
        stub.stubFor(get(urlEqualTo("/v1beta/models/veo-2.0-generate-001/operations/op1")).inScenario("op").whenScenarioStateIs("done")
                .willReturn(aResponse().withBody("{\"name\":\"x\",\"done\":true,\"response\":{\"generateVideoResponse\":{\"generatedSamples\":"
                        + "[{\"video\":{\"uri\":\"" + stub.baseUrl() + "/v1beta/files/v1:download?alt=media\"}}]}}}")));
        ProviderRequest request = Requests.video("google", "veo-2.0-generate-001", "9:16", 8);
        Submission submission = adapter.submit(request).join();
        assertEquals("models/veo-2.0-generate-001/operations/op1", submission.predictionId());
        assertInstanceOf(PollResult.Running.class, adapter.poll(request, submission.predictionId(), null).join());
        PollResult.Succeeded done = assertInstanceOf(PollResult.Succeeded.class, adapter.poll(request, submission.predictionId(), null).join());
        assertEquals("goog-test", done.outputs().get(0).headers().get("x-goog-api-key"));
        assertFalse(adapter.supports(Requests.video("google", "veo-2.0-generate-001", "1:1", 8)), "Veo is 16:9 or 9:16 only");
    }

    @Test
    void resourceExhaustedCarriesTheRetryDelay() {
        stub.stubFor(post(urlEqualTo("/v1beta/models/veo-2.0-generate-001:predictLongRunning")).willReturn(aResponse().withStatus(429)
                .withBody("{\"error\":{\"code\":429,\"message\":\"Quota exceeded\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
                        + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"20s\"}]}}")));
        ProviderFailure failure = AdapterStub.failureOf(adapter.submit(Requests.video("google", "veo-2.0-generate-001", "16:9", 8)));
        assertEquals(ErrorCode.PROVIDER_RATE_LIMITED, failure.code());
        assertEquals(Duration.ofSeconds(20), failure.retryAfter());
        stub.stubFor(get(urlEqualTo("/v1beta/op/filtered")).willReturn(aResponse().withBody(
                "{\"done\":true,\"response\":{\"generateVideoResponse\":{\"raiMediaFilteredCount\":1,\"raiMediaFilteredReasons\":[\"celebrity\"]}}}")));
        ProviderFailure filtered = ((PollResult.Failed) adapter.poll(Requests.video("google", "veo-2.0-generate-001", "16:9", 8), "op/filtered", null)
                .join()).failure();
        assertEquals(ErrorCode.CONTENT_POLICY_VIOLATION, filtered.code());
    }
}
