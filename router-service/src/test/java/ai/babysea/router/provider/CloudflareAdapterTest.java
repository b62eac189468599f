package ai.babysea.router.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.contracts.events.GenerationParameters;
import ai.babysea.router.provider.cloudflare.CloudflareAdapter;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cloudflare Workers AI adapter against a WireMock stub of `POST /client/v4/accounts/{account}/ai/run/{model}`: the v4
 * envelope with a base64 JPEG (FLUX.1 schnell), raw PNG bytes (Stable Diffusion XL), and the error envelope
 * `{"success":false,"errors":[{code,message}]}` classified by Workers AI's internal codes.
 */
class CloudflareAdapterTest {
    private static final String FLUX = "@cf/black-forest-labs/flux-1-schnell";
    private static final String RUN = "/client/v4/accounts/acc-1/ai/run/";
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1};
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};
    private static WireMockServer stub;
    private static CloudflareAdapter adapter;

    @BeforeAll
    static void start() {
        stub = new WireMockServer(options().dynamicPort());
        stub.start();
        adapter = new CloudflareAdapter(StubSettings.http(), StubSettings.of("cf-token", stub.baseUrl() + "/client/v4"), "acc-1");
    }

    @AfterAll
    static void stop() {
        stub.stop();
    }

    @BeforeEach
    void reset() {
        stub.resetAll();
    }

    private static String envelope(byte[] image) {
        return "{\"result\":{\"image\":\"" + Base64.getEncoder().encodeToString(image) + "\"},\"success\":true,\"errors\":[],\"messages\":[]}";
    }

    private static String error(int code, String message) {
        return "{\"result\":null,\"success\":false,\"errors\":[{\"code\":" + code + ",\"message\":\"" + message + "\"}],\"messages\":[]}";
    }

    @Test
    void fluxSchnellAnswersABase64JpegAndEachOutputIsOneCall() {
        for (int seed : new int[] {42, 43}) {
            stub.stubFor(post(urlEqualTo(RUN + FLUX)).withHeader("Authorization", equalTo("Bearer cf-token"))
                    .withRequestBody(matchingJsonPath("$.prompt", equalTo("a baby seal on ice")))
                    .withRequestBody(matchingJsonPath("$.seed", equalTo(Integer.toString(seed))))
                    .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(envelope(JPEG))));
        }
        ProviderRequest request = Requests.image("cloudflare", FLUX, "1:1", "jpg", 2);
        Submission submission = adapter.submit(request).join();
        PollResult.Succeeded done = assertInstanceOf(PollResult.Succeeded.class, submission.immediateResult());
        assertEquals(2, done.outputs().size());
        for (ProviderOutput output : done.outputs()) {
            assertTrue(output.inline());
            assertArrayEquals(JPEG, output.content());
            assertEquals("image/jpeg", output.contentType());
            assertEquals("jpg", output.extension());
        }
        assertTrue(submission.predictionId().startsWith("cloudflare-"));
        stub.verify(2, postRequestedFor(urlEqualTo(RUN + FLUX)));
    }

    @Test
    void inferenceStepsAreCappedAtWhatFluxSchnellTakes() {
        stub.stubFor(post(urlEqualTo(RUN + FLUX)).withRequestBody(matchingJsonPath("$.steps", equalTo("8")))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(envelope(JPEG))));
        ProviderRequest request = Requests.image("cloudflare", FLUX, "1:1", "jpg", 1);
        var p = request.parameters();
        ProviderRequest withSteps = new ProviderRequest(request.generationId(), request.modelIdentifier(), "image", "cloudflare", FLUX,
                new GenerationParameters(p.prompt(), p.ratio(), p.outputFormat(), 1, List.of(), null, null, null,
                        Map.of("generation_num_inference_steps", 12)), 1, 0);
        assertInstanceOf(PollResult.Succeeded.class, adapter.submit(withSteps).join().immediateResult());
    }

    @Test
    void stableDiffusionAnswersThePngBytesThemselves() {
        String model = "@cf/stabilityai/stable-diffusion-xl-base-1.0";
        stub.stubFor(post(urlEqualTo(RUN + model)).willReturn(aResponse().withHeader("Content-Type", "image/png").withBody(PNG)));
        PollResult.Succeeded done = assertInstanceOf(PollResult.Succeeded.class,
                adapter.submit(Requests.image("cloudflare", model, "1:1", "png", 1)).join().immediateResult());
        assertArrayEquals(PNG, done.outputs().get(0).content());
        assertEquals("png", done.outputs().get(0).extension());
    }

    @Test
    void errorsAreClassifiedByWorkersAiCodes() {
        ProviderRequest request = Requests.image("cloudflare", FLUX, "1:1", "jpg", 1);
        record Case(int status, String body, String retryAfter, ErrorCode code, boolean retryable) {
        }
        List<Case> cases = List.of(
                new Case(429, error(3036, "Account limited: you have used up your daily free allocation of 10,000 neurons."), null,
                        ErrorCode.PROVIDER_CREDITS_EXHAUSTED, true),
                new Case(429, error(3040, "Capacity temporarily exceeded, please try again."), "5", ErrorCode.PROVIDER_CAPACITY, true),
                new Case(429, "{\"success\":false,\"errors\":[{\"code\":971,\"message\":\"Please wait and consider throttling your request speed\"}]}",
                        "3", ErrorCode.PROVIDER_RATE_LIMITED, true),
                new Case(400, error(5007, "No such model @cf/black-forest-labs/flux-1-schnell or task"), null, ErrorCode.PROVIDER_ERROR, true),
                new Case(401, error(10000, "Authentication error"), null, ErrorCode.PROVIDER_AUTH_ERROR, true),
                new Case(403, error(3023, "Service unavailable for account"), null, ErrorCode.PROVIDER_AUTH_ERROR, true),
                new Case(400, error(5004, "Invalid data type for base64 input: undefined"), null, ErrorCode.PROVIDER_INVALID_INPUT, false),
                new Case(400, error(3030, "AiError: Input prompt contains NSFW content."), null, ErrorCode.CONTENT_POLICY_VIOLATION, false),
                new Case(408, error(3007, "Request timeout"), null, ErrorCode.PROVIDER_TIMEOUT, true),
                new Case(500, error(3001, "Unknown internal error"), null, ErrorCode.PROVIDER_ERROR, true),
                new Case(502, "<html>bad gateway</html>", null, ErrorCode.PROVIDER_ERROR, true));
        for (Case c : cases) {
            var response = aResponse().withStatus(c.status()).withHeader("Content-Type", "application/json").withBody(c.body());
            if (c.retryAfter() != null) {
                response.withHeader("Retry-After", c.retryAfter());
            }
            stub.stubFor(post(urlEqualTo(RUN + FLUX)).willReturn(response));
            ProviderFailure failure = AdapterStub.failureOf(adapter.submit(request));
            assertEquals(c.code(), failure.code(), c.body());
            assertEquals(c.retryable(), failure.retryable(), c.body());
            assertEquals(c.retryAfter() == null ? null : Duration.ofSeconds(Long.parseLong(c.retryAfter())), failure.retryAfter(), c.body());
        }
    }

    @Test
    void aSuccessWithoutAnImageIsAFailureToFailOverFrom() {
        ProviderRequest request = Requests.image("cloudflare", FLUX, "1:1", "jpg", 1);
        stub.stubFor(post(urlEqualTo(RUN + FLUX)).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"result\":{},\"success\":true,\"errors\":[],\"messages\":[]}")));
        assertTrue(AdapterStub.failureOf(adapter.submit(request)).retryable());
        stub.stubFor(post(urlEqualTo(RUN + FLUX)).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(envelope("not an image".getBytes()))));
        ProviderFailure garbage = AdapterStub.failureOf(adapter.submit(request));
        assertEquals(ErrorCode.PROVIDER_ERROR, garbage.code());
        assertTrue(garbage.retryable());
    }

    @Test
    void onlySquareRequestsInTheModelsOwnFormatAreOffered() {
        assertTrue(adapter.supports(Requests.image("cloudflare", FLUX, "1:1", "jpg", 4)));
        assertTrue(adapter.supports(Requests.image("cloudflare", FLUX, "1:1", null, 1)));
        assertFalse(adapter.supports(Requests.image("cloudflare", FLUX, "16:9", "jpg", 1)), "no size parameter");
        assertFalse(adapter.supports(Requests.image("cloudflare", FLUX, "1:1", "png", 1)), "FLUX.1 schnell writes JPEG");
        assertFalse(adapter.supports(Requests.image("cloudflare", "@cf/unknown/model", "1:1", "jpg", 1)));
        assertFalse(adapter.supports(Requests.video("cloudflare", FLUX, "1:1", 5)));
        assertFalse(adapter.supports(Requests.withInputs(Requests.image("cloudflare", FLUX, "1:1", "jpg", 1), "https://x.test/a.png")));
    }

    @Test
    void synchronousMeansNoPollAndNoCancelAndBothTokenAndAccountAreNeeded() {
        ProviderRequest request = Requests.image("cloudflare", FLUX, "1:1", "jpg", 1);
        assertFalse(adapter.supportsCancel());
        adapter.cancel(request, "cloudflare-x", null).join();
        ProviderFailure lost = ((PollResult.Failed) adapter.poll(request, "cloudflare-x", null).join()).failure();
        assertTrue(lost.retryable());
        assertNull(lost.retryAfter());
        stub.verify(0, postRequestedFor(urlEqualTo(RUN + FLUX)));
        assertTrue(adapter.configured());
        assertFalse(new CloudflareAdapter(StubSettings.http(), StubSettings.of("cf-token", stub.baseUrl()), null).configured());
        assertFalse(new CloudflareAdapter(StubSettings.http(), StubSettings.of(null, stub.baseUrl()), "acc-1").configured());
    }
}
