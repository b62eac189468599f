package ai.babysea.router.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.router.provider.fal.FalAdapter;
import ai.babysea.router.webhook.FalWebhookVerifier;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** fal adapter against a WireMock stub of the queue API ({@link FalAdapter} and router-service/README.md, "Providers"), and Ed25519 webhook verification. */
class FalAdapterTest {
    private static final String MODEL = "fal-ai/flux/schnell";
    private static WireMockServer stub;
    private static FalAdapter adapter;

    @BeforeAll
    static void start() {
        stub = new WireMockServer(options().dynamicPort());
        stub.start();
        adapter = new FalAdapter(StubSettings.http(), StubSettings.of("fal_test", stub.baseUrl()), Optional.of("https://router.example"));
    }

    @AfterAll
    static void stop() {
        stub.stop();
    }

    @BeforeEach
    void reset() {
        stub.resetAll();
    }

    private static String status(String id, String status) {
        return "{\"status\":\"" + status + "\",\"request_id\":\"" + id + "\",\"response_url\":\"r\",\"status_url\":\"s\",\"cancel_url\":\"c\","
                + "\"queue_position\":0,\"metrics\":{\"inference_time\":0.8}}";
    }

    @Test
    void submitsToTheFullModelIdAndPollsStatusThenResultUnderOwnerApp() {
        stub.stubFor(post(urlPathEqualTo("/" + MODEL)).withHeader("Authorization", equalTo("Key fal_test"))
                .withQueryParam("fal_webhook", equalTo("https://router.example/provider-webhooks/fal"))
                .withRequestBody(matchingJsonPath("$.image_size", equalTo("landscape_16_9")))
                .withRequestBody(matchingJsonPath("$.num_images", equalTo("2")))
                .withRequestBody(matchingJsonPath("$.output_format", equalTo("jpeg")))
                .willReturn(aResponse().withStatus(200).withBody("{\"request_id\":\"req-1\",\"response_url\":\"x\",\"status_url\":\"y\","
                        + "\"cancel_url\":\"z\",\"queue_position\":0}")));
        stub.stubFor(get(urlPathEqualTo("/fal-ai/flux/requests/req-1/status")).inScenario("q").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("done").willReturn(aResponse().withBody(status("req-1", "IN_PROGRESS"))));
        stub.stubFor(get(urlPathEqualTo("/fal-ai/flux/requests/req-1/status")).inScenario("q").whenScenarioStateIs("done")
                .willReturn(aResponse().withBody(status("req-1", "COMPLETED"))));
        stub.stubFor(get(urlEqualTo("/fal-ai/flux/requests/req-1")).willReturn(aResponse().withBody(
                "{\"images\":[{\"url\":\"https://fal.media/files/a.jpg\",\"content_type\":\"image/jpeg\",\"width\":1344,\"height\":768},"
                        + "{\"url\":\"https://fal.media/files/b.jpg\",\"content_type\":\"image/jpeg\"}],\"seed\":42,\"has_nsfw_concepts\":[false,false]}")));

        ProviderRequest request = Requests.image("fal", MODEL, "16:9", "jpg", 2);
        assertEquals("req-1", adapter.submit(request).join().predictionId());
        assertInstanceOf(PollResult.Running.class, adapter.poll(request, "req-1", null).join());
        PollResult.Succeeded done = assertInstanceOf(PollResult.Succeeded.class, adapter.poll(request, "req-1", null).join());
        assertEquals(2, done.outputs().size());
        assertEquals("image/jpeg", done.outputs().get(0).contentType());
        assertEquals(0.8, done.predictTimeSeconds());
    }

    @Test
    void completedWithAnErrorBodyIsAFailureClassifiedByFal() {
        stub.stubFor(get(urlPathEqualTo("/fal-ai/flux/requests/bad/status")).willReturn(aResponse().withBody(status("bad", "COMPLETED"))));
        stub.stubFor(get(urlEqualTo("/fal-ai/flux/requests/bad")).willReturn(aResponse().withStatus(422)
                .withBody("{\"detail\":[{\"loc\":[\"body\",\"prompt\"],\"msg\":\"field required\",\"type\":\"value_error.missing\"}]}")));
        stub.stubFor(get(urlPathEqualTo("/fal-ai/flux/requests/nsfw/status")).willReturn(aResponse().withBody(status("nsfw", "COMPLETED"))));
        stub.stubFor(get(urlEqualTo("/fal-ai/flux/requests/nsfw")).willReturn(aResponse().withStatus(422)
                .withBody("{\"detail\":[{\"msg\":\"NSFW content detected\",\"type\":\"content_policy_violation\"}]}")));
        stub.stubFor(get(urlPathEqualTo("/fal-ai/flux/requests/down/status")).willReturn(aResponse().withBody(status("down", "COMPLETED"))));
        stub.stubFor(get(urlEqualTo("/fal-ai/flux/requests/down")).willReturn(aResponse().withStatus(503)
                .withHeader("X-Fal-Error-Type", "runner_scheduling_failure")
                .withBody("{\"detail\":\"Runner scheduling failure\",\"error_type\":\"runner_scheduling_failure\"}")));
        ProviderRequest request = Requests.image("fal", MODEL, "1:1", "png", 1);

        ProviderFailure invalid = ((PollResult.Failed) adapter.poll(request, "bad", null).join()).failure();
        assertEquals(ErrorCode.PROVIDER_INVALID_INPUT, invalid.code());
        assertFalse(invalid.retryable());
        ProviderFailure nsfw = ((PollResult.Failed) adapter.poll(request, "nsfw", null).join()).failure();
        assertEquals(ErrorCode.CONTENT_POLICY_VIOLATION, nsfw.code());
        ProviderFailure down = ((PollResult.Failed) adapter.poll(request, "down", null).join()).failure();
        assertEquals(ErrorCode.PROVIDER_CAPACITY, down.code());
        assertTrue(down.retryable());
    }

    @Test
    void submitErrorsAndCancel() {
        stub.stubFor(post(urlPathEqualTo("/" + MODEL)).willReturn(aResponse().withStatus(401).withBody("{\"detail\":\"Unauthorized\"}")));
        assertEquals(ErrorCode.PROVIDER_AUTH_ERROR, AdapterStub.failureOf(adapter.submit(Requests.image("fal", MODEL, "1:1", "png", 1))).code());
        stub.stubFor(put(urlEqualTo("/fal-ai/flux/requests/req-9/cancel")).willReturn(aResponse().withStatus(202).withBody("{\"status\":\"CANCELLATION_REQUESTED\"}")));
        adapter.cancel(Requests.image("fal", MODEL, "1:1", "png", 1), "req-9", null).join();
        stub.verify(1, putRequestedFor(urlEqualTo("/fal-ai/flux/requests/req-9/cancel")));
        assertFalse(adapter.supports(Requests.image("fal", MODEL, "1:1", "webp", 1)), "fal images are jpeg or png");
    }

    @Test
    void verifiesEd25519WebhookSignaturesAgainstTheJwks() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] spki = keys.getPublic().getEncoded();
        String x = Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
        FalWebhookVerifier verifier = new FalWebhookVerifier(() -> "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + x + "\"}]}");
        byte[] body = "{\"request_id\":\"req-1\",\"status\":\"OK\",\"payload\":{}}".getBytes(StandardCharsets.UTF_8);
        long now = System.currentTimeMillis() / 1000;
        String message = "req-1\nuser-1\n" + now + "\n" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(keys.getPrivate());
        signer.update(message.getBytes(StandardCharsets.UTF_8));
        String signature = HexFormat.of().formatHex(signer.sign());

        assertTrue(verifier.verify("req-1", "user-1", Long.toString(now), signature, body, now));
        assertFalse(verifier.verify("req-1", "user-1", Long.toString(now), signature, "{}".getBytes(StandardCharsets.UTF_8), now), "other body");
        assertFalse(verifier.verify("req-2", "user-1", Long.toString(now), signature, body, now), "other request id");
        assertFalse(verifier.verify("req-1", "user-1", Long.toString(now), signature, body, now + 301), "too old");
    }
}
