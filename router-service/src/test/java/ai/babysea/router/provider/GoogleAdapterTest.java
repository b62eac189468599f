package ai.babysea.router.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** Google adapter against a WireMock stub of the Gemini API ({@link GoogleAdapter} and router-service/README.md, "Providers"): Gemini image and Veo operations. */
class GoogleAdapterTest {
    private static WireMockServer stub;
    private static GoogleAdapter adapter;
    /** Input files may come from the loopback stub; three seconds per input file. */
    private static GoogleAdapter inputAdapter;

    @BeforeAll
    static void start() {
        stub = new WireMockServer(options().dynamicPort());
        stub.start();
        adapter = new GoogleAdapter(StubSettings.http(), StubSettings.of("goog-test", stub.baseUrl()));
        inputAdapter = new GoogleAdapter(StubSettings.httpWithInputs(1_000_000, Duration.ofSeconds(3)), StubSettings.of("goog-test", stub.baseUrl()));
    }

    @AfterAll
    static void stop() {
        stub.stop();
    }

    @BeforeEach
    void reset() {
        stub.resetAll();
    }

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F'};

    @Test
    void geminiSendsInputImagesAsInlineDataPartsAfterTheText() {
        stub.stubFor(get(urlEqualTo("/inputs/seal.jpg")).willReturn(aResponse().withHeader("Content-Type", "image/jpeg").withBody(JPEG)));
        stub.stubFor(post(urlEqualTo("/v1beta/models/gemini-2.5-flash-image:generateContent")).withHeader("x-goog-api-key", equalTo("goog-test"))
                .withRequestBody(matchingJsonPath("$.contents[0].parts[0].text", equalTo("a baby seal on ice")))
                .withRequestBody(matchingJsonPath("$.contents[0].parts[1].inlineData.mimeType", equalTo("image/jpeg")))
                .withRequestBody(matchingJsonPath("$.contents[0].parts[1].inlineData.data", equalTo(Base64.getEncoder().encodeToString(JPEG))))
                .withRequestBody(matchingJsonPath("$.contents[0].parts.length()", equalTo("2")))
                .willReturn(aResponse().withBody("{\"candidates\":[{\"content\":{\"parts\":[{\"inlineData\":{\"mimeType\":\"image/png\","
                        + "\"data\":\"" + Base64.getEncoder().encodeToString(PNG) + "\"}}]},\"finishReason\":\"STOP\"}]}")));
        ProviderRequest request = Requests.withInputs(Requests.image("google", "gemini-2.5-flash-image", "1:1", "png", 2),
                stub.baseUrl() + "/inputs/seal.jpg");
        assertTrue(inputAdapter.supports(request));

        PollResult.Succeeded done = assertInstanceOf(PollResult.Succeeded.class, inputAdapter.submit(request).join().immediateResult());

        assertEquals(2, done.outputs().size());
        // one download, reused by both calls of the fan-out
        stub.verify(1, getRequestedFor(urlEqualTo("/inputs/seal.jpg")));
        stub.verify(2, postRequestedFor(urlEqualTo("/v1beta/models/gemini-2.5-flash-image:generateContent")));
    }

    @Test
    void veoSendsTheStartFrameAsImageAndASecondFileAsLastFrame() {
        stub.stubFor(get(urlEqualTo("/inputs/start.png")).willReturn(aResponse().withBody(PNG)));
        stub.stubFor(get(urlEqualTo("/inputs/end.jpg")).willReturn(aResponse().withBody(JPEG)));
        stub.stubFor(post(urlEqualTo("/v1beta/models/veo-2.0-generate-001:predictLongRunning"))
                .withRequestBody(matchingJsonPath("$.instances[0].prompt", equalTo("a baby seal surfing")))
                .withRequestBody(matchingJsonPath("$.instances[0].image.bytesBase64Encoded", equalTo(Base64.getEncoder().encodeToString(PNG))))
                .withRequestBody(matchingJsonPath("$.instances[0].image.mimeType", equalTo("image/png")))
                .withRequestBody(matchingJsonPath("$.instances[0].lastFrame.bytesBase64Encoded", equalTo(Base64.getEncoder().encodeToString(JPEG))))
                .withRequestBody(matchingJsonPath("$.instances[0].lastFrame.mimeType", equalTo("image/jpeg")))
                .withRequestBody(matchingJsonPath("$.parameters.aspectRatio", equalTo("16:9")))
                .willReturn(aResponse().withBody("{\"name\":\"models/veo-2.0-generate-001/operations/op2\"}")));
        ProviderRequest request = Requests.withInputs(Requests.video("google", "veo-2.0-generate-001", "16:9", 8),
                stub.baseUrl() + "/inputs/start.png", stub.baseUrl() + "/inputs/end.jpg");

        Submission submission = inputAdapter.submit(request).join();

        assertEquals("models/veo-2.0-generate-001/operations/op2", submission.predictionId());
        assertFalse(adapter.supports(Requests.withInputs(Requests.video("google", "veo-2.0-generate-001", "16:9", 8),
                "https://cdn.example/1.png", "https://cdn.example/2.png", "https://cdn.example/3.png")), "Veo takes a start and a last frame only");
    }

    @Test
    void aSingleInputIsTheVeoImageWithoutLastFrame() {
        stub.stubFor(get(urlEqualTo("/inputs/start.png")).willReturn(aResponse().withBody(PNG)));
        stub.stubFor(post(urlEqualTo("/v1beta/models/veo-2.0-generate-001:predictLongRunning"))
                .willReturn(aResponse().withBody("{\"name\":\"models/veo-2.0-generate-001/operations/op3\"}")));
        inputAdapter.submit(Requests.withInputs(Requests.video("google", "veo-2.0-generate-001", "9:16", 8), stub.baseUrl() + "/inputs/start.png")).join();
        String body = stub.findAll(postRequestedFor(urlEqualTo("/v1beta/models/veo-2.0-generate-001:predictLongRunning"))).get(0).getBodyAsString();
        assertTrue(body.contains("\"image\":{\"bytesBase64Encoded\""), body);
        assertFalse(body.contains("lastFrame"), body);
    }

    @Test
    void inputsThatAreNotImagesOrDoNotArriveInTimeFailClearlyWithoutCallingGoogle() {
        stub.stubFor(get(urlEqualTo("/inputs/page.html")).willReturn(aResponse().withHeader("Content-Type", "image/png").withBody("<html>not an image</html>")));
        stub.stubFor(get(urlEqualTo("/inputs/slow.png")).willReturn(aResponse().withBody(PNG).withFixedDelay(15_000)));
        ProviderRequest base = Requests.image("google", "gemini-2.5-flash-image", "1:1", "png", 1);

        ProviderFailure notImage = AdapterStub.failureOf(inputAdapter.submit(Requests.withInputs(base, stub.baseUrl() + "/inputs/page.html")));
        assertEquals(ErrorCode.UNSUPPORTED_FILE_FORMAT, notImage.code());
        assertFalse(notImage.retryable());

        ProviderFailure slow = AdapterStub.failureOf(inputAdapter.submit(Requests.withInputs(base, stub.baseUrl() + "/inputs/slow.png")));
        assertEquals(ErrorCode.FILE_DOWNLOAD_ERROR, slow.code());
        assertTrue(slow.message().contains("within"), slow.message());

        stub.verify(0, postRequestedFor(urlEqualTo("/v1beta/models/gemini-2.5-flash-image:generateContent")));
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
