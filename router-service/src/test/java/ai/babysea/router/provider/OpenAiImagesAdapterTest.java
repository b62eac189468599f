package ai.babysea.router.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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

/** OpenAI Images adapter against a WireMock stub of `/v1/images/generations` (providers.md §3.2). */
class OpenAiImagesAdapterTest {
    private static WireMockServer stub;
    private static OpenAiImagesAdapter adapter;

    @BeforeAll
    static void start() {
        stub = new WireMockServer(options().dynamicPort());
        stub.start();
        adapter = new OpenAiImagesAdapter(StubSettings.http(), StubSettings.of("sk-test", stub.baseUrl()));
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
