package ai.babysea.router.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
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
import ai.babysea.router.provider.openai.OpenAiImagesAdapter;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OpenAI Images adapter against a WireMock stub of `/v1/images/generations` and `/v1/images/edits` ({@link OpenAiImagesAdapter} and router-service/README.md, "Providers"). */
class OpenAiImagesAdapterTest {
    private static WireMockServer stub;
    private static OpenAiImagesAdapter adapter;
    /** Input files may come from the loopback stub, at most 1 MB. */
    private static OpenAiImagesAdapter inputAdapter;

    @BeforeAll
    static void start() {
        stub = new WireMockServer(options().dynamicPort());
        stub.start();
        adapter = new OpenAiImagesAdapter(StubSettings.http(), StubSettings.of("sk-test", stub.baseUrl()));
        inputAdapter = new OpenAiImagesAdapter(StubSettings.httpWithInputs(1_000_000, Duration.ofSeconds(5)), StubSettings.of("sk-test", stub.baseUrl()));
    }

    @AfterAll
    static void stop() {
        stub.stop();
    }

    @BeforeEach
    void reset() {
        stub.resetAll();
    }

    private void answer(int status, String body, String... headers) {
        var response = aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
        for (int i = 0; i < headers.length; i += 2) {
            response.withHeader(headers[i], headers[i + 1]);
        }
        stub.stubFor(post(urlEqualTo("/v1/images/generations")).willReturn(response));
    }

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F'};

    private static OpenAiImagesAdapter inputAdapter() {
        return inputAdapter;
    }

    private static String editAnswer() {
        return "{\"created\":1767225600,\"data\":[{\"b64_json\":\"" + Base64.getEncoder().encodeToString(PNG) + "\"}]}";
    }

    @Test
    void editsUploadTheDownloadedInputAsTheMultipartImagePart() {
        stub.stubFor(get(urlEqualTo("/inputs/seal.png?sig=secret")).willReturn(aResponse().withHeader("Content-Type", "image/png").withBody(PNG)));
        stub.stubFor(post(urlEqualTo("/v1/images/edits")).withHeader("Authorization", equalTo("Bearer sk-test"))
                .withHeader("Content-Type", containing("multipart/form-data; boundary="))
                .withMultipartRequestBody(aMultipart().withName("model").withBody(equalTo("gpt-image-1")))
                .withMultipartRequestBody(aMultipart().withName("prompt").withBody(equalTo("a baby seal on ice")))
                .withMultipartRequestBody(aMultipart().withName("n").withBody(equalTo("1")))
                .withMultipartRequestBody(aMultipart().withName("size").withBody(equalTo("1024x1024")))
                .withMultipartRequestBody(aMultipart().withName("output_format").withBody(equalTo("png")))
                .withMultipartRequestBody(aMultipart().withName("image").withHeader("Content-Type", equalTo("image/png"))
                        .withHeader("Content-Disposition", containing("filename=\"input-0.png\"")).withBody(binaryEqualTo(PNG)))
                .willReturn(aResponse().withStatus(200).withBody(editAnswer())));

        ProviderRequest request = Requests.withInputs(Requests.image("openai", "gpt-image-1", "1:1", "png", 1), stub.baseUrl() + "/inputs/seal.png?sig=secret");
        assertTrue(inputAdapter().supports(request));
        Submission submission = inputAdapter().submit(request).join();

        PollResult.Succeeded done = assertInstanceOf(PollResult.Succeeded.class, submission.immediateResult());
        assertArrayEquals(PNG, done.outputs().get(0).content());
        stub.verify(1, postRequestedFor(urlEqualTo("/v1/images/edits")));
        stub.verify(0, postRequestedFor(urlEqualTo("/v1/images/generations")));
    }

    @Test
    void severalInputsAreRepeatedImageArrayPartsInOrder() {
        stub.stubFor(get(urlEqualTo("/inputs/a.png")).willReturn(aResponse().withBody(PNG)));
        // a JPEG served as octet-stream: the type comes from the bytes, not the header
        stub.stubFor(get(urlEqualTo("/inputs/b")).willReturn(aResponse().withHeader("Content-Type", "application/octet-stream").withBody(JPEG)));
        stub.stubFor(post(urlEqualTo("/v1/images/edits")).willReturn(aResponse().withStatus(200).withBody(editAnswer())));

        inputAdapter().submit(Requests.withInputs(Requests.image("openai", "gpt-image-1", "1:1", "png", 1),
                stub.baseUrl() + "/inputs/a.png", stub.baseUrl() + "/inputs/b")).join();

        String body = stub.findAll(postRequestedFor(urlEqualTo("/v1/images/edits"))).get(0).getBodyAsString();
        int first = body.indexOf("name=\"image[]\"; filename=\"input-0.png\"\r\nContent-Type: image/png");
        int second = body.indexOf("name=\"image[]\"; filename=\"input-1.jpg\"\r\nContent-Type: image/jpeg");
        assertTrue(first > 0 && second > first, "two image[] parts, PNG then JPEG: " + body.replaceAll("[^\\x20-\\x7e\\r\\n]", "?"));
        assertFalse(body.contains("name=\"image\";"), "no single image part when there are several");
    }

    @Test
    void anUnreachableOrOversizedInputFailsTheGenerationAsAFileErrorWithoutCallingOpenAi() {
        stub.stubFor(get(urlEqualTo("/inputs/gone.png")).willReturn(aResponse().withStatus(404)));
        stub.stubFor(get(urlEqualTo("/inputs/huge.png")).willReturn(aResponse().withBody(new byte[1_000_001])));
        ProviderRequest base = Requests.image("openai", "gpt-image-1", "1:1", "png", 1);

        ProviderFailure gone = AdapterStub.failureOf(inputAdapter().submit(Requests.withInputs(base, stub.baseUrl() + "/inputs/gone.png")));
        assertEquals(ErrorCode.FILE_DOWNLOAD_ERROR, gone.code());
        assertFalse(gone.retryable(), "the file is the caller's: no failover");
        assertTrue(gone.message().contains("/inputs/gone.png") && gone.message().contains("404"), gone.message());

        ProviderFailure huge = AdapterStub.failureOf(inputAdapter().submit(Requests.withInputs(base, stub.baseUrl() + "/inputs/huge.png")));
        assertEquals(ErrorCode.FILE_SIZE_EXCEEDED, huge.code());
        assertFalse(huge.retryable());

        stub.verify(0, postRequestedFor(urlEqualTo("/v1/images/edits")));
    }

    @Test
    void skipsEditsWithMoreImagesThanTheEndpointTakes() {
        String[] seventeen = new String[17];
        java.util.Arrays.fill(seventeen, "https://cdn.example/seal.png");
        assertFalse(adapter.supports(Requests.withInputs(Requests.image("openai", "gpt-image-1", "1:1", "png", 1), seventeen)));
    }

    @Test
    void generatesSynchronouslyAndDecodesBase64Images() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2};
        String b64 = Base64.getEncoder().encodeToString(png);
        stub.stubFor(post(urlEqualTo("/v1/images/generations")).withHeader("Authorization", equalTo("Bearer sk-test"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-image-1")))
                .withRequestBody(matchingJsonPath("$.size", equalTo("1536x1024")))
                .withRequestBody(matchingJsonPath("$.n", equalTo("2")))
                .withRequestBody(matchingJsonPath("$.output_format", equalTo("png")))
                .willReturn(aResponse().withStatus(200).withBody("{\"created\":1767225600,\"data\":[{\"b64_json\":\"" + b64 + "\"},{\"b64_json\":\""
                        + b64 + "\"}],\"output_format\":\"png\",\"size\":\"1536x1024\",\"usage\":{\"total_tokens\":10}}")));
        Submission submission = adapter.submit(Requests.image("openai", "gpt-image-1", "3:2", "png", 2)).join();
        assertTrue(submission.predictionId().startsWith("openai-"));
        PollResult.Succeeded done = assertInstanceOf(PollResult.Succeeded.class, submission.immediateResult());
        assertEquals(2, done.outputs().size());
        assertArrayEquals(png, done.outputs().get(0).content());
        assertEquals("image/png", done.outputs().get(0).contentType());
    }

    @Test
    void classifiesModerationQuotaAndRateLimits() {
        answer(400, "{\"error\":{\"message\":\"Your request was rejected by the safety system.\",\"type\":\"image_generation_user_error\","
                + "\"param\":\"\",\"code\":\"moderation_blocked\"}}");
        ProviderFailure moderated = AdapterStub.failureOf(adapter.submit(Requests.image("openai", "gpt-image-1", "1:1", "png", 1)));
        assertEquals(ErrorCode.CONTENT_POLICY_VIOLATION, moderated.code());
        assertFalse(moderated.retryable());

        answer(429, "{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}");
        ProviderFailure quota = AdapterStub.failureOf(adapter.submit(Requests.image("openai", "gpt-image-1", "1:1", "png", 1)));
        assertEquals(ErrorCode.PROVIDER_CREDITS_EXHAUSTED, quota.code());
        assertTrue(quota.retryable());

        answer(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}", "retry-after-ms", "1500");
        ProviderFailure limited = AdapterStub.failureOf(adapter.submit(Requests.image("openai", "gpt-image-1", "1:1", "png", 1)));
        assertEquals(ErrorCode.PROVIDER_RATE_LIMITED, limited.code());
        assertEquals(Duration.ofMillis(1500), limited.retryAfter());

        answer(400, "{\"error\":{\"message\":\"Invalid size\",\"type\":\"invalid_request_error\",\"param\":\"size\",\"code\":null}}");
        assertEquals(ErrorCode.PROVIDER_INVALID_INPUT, AdapterStub.failureOf(adapter.submit(Requests.image("openai", "gpt-image-1", "1:1", "png", 1))).code());
    }

    @Test
    void skipsRatiosGptImage1CannotExpress() {
        assertFalse(adapter.supports(Requests.image("openai", "gpt-image-1", "16:9", "png", 1)));
        assertTrue(adapter.supports(Requests.image("openai", "gpt-image-2", "16:9", "png", 1)));
    }
}
