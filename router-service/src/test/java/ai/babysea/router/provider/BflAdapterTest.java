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

import ai.babysea.contracts.ErrorCode;
import ai.babysea.router.provider.bfl.BflAdapter;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** BFL adapter against a WireMock stub of the FLUX API ({@link BflAdapter} and router-service/README.md, "Providers"): fan-out, polling URLs, moderation. */
class BflAdapterTest {
    private static WireMockServer stub;
    private static BflAdapter adapter;

    @BeforeAll
    static void start() {
        stub = new WireMockServer(options().dynamicPort());
        stub.start();
        adapter = new BflAdapter(StubSettings.http(), StubSettings.of("bfl_test", stub.baseUrl()));
    }

    @AfterAll
    static void stop() {
        stub.stop();
    }

    @BeforeEach
    void reset() {
        stub.resetAll();
    }

    private static String result(String id, String status, String extra) {
        return "{\"id\":\"" + id + "\",\"status\":\"" + status + "\",\"progress\":null,\"details\":null,\"preview\":null" + extra + "}";
    }

    @Test
    void fansOutOneTaskPerOutputAndPollsEachPollingUrl() {
        stub.stubFor(post(urlEqualTo("/v1/flux-dev")).withHeader("x-key", equalTo("bfl_test"))
                .withRequestBody(matchingJsonPath("$.width", equalTo("1344"))).withRequestBody(matchingJsonPath("$.height", equalTo("768")))
                .withRequestBody(matchingJsonPath("$.seed", equalTo("42")))
                .willReturn(aResponse().withBody("{\"id\":\"t1\",\"polling_url\":\"" + stub.baseUrl() + "/v1/get_result?id=t1\"}")));
        stub.stubFor(post(urlEqualTo("/v1/flux-dev")).withRequestBody(matchingJsonPath("$.seed", equalTo("43")))
                .willReturn(aResponse().withBody("{\"id\":\"t2\",\"polling_url\":\"" + stub.baseUrl() + "/v1/get_result?id=t2\"}")));
        stub.stubFor(get(urlEqualTo("/v1/get_result?id=t1")).willReturn(aResponse().withBody(
                result("t1", "Ready", ",\"result\":{\"sample\":\"https://bfldelivery.example/t1/sample.jpeg?se=1&sig=x\",\"seed\":42}"))));
        stub.stubFor(get(urlEqualTo("/v1/get_result?id=t2")).inScenario("t2").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("ready")
                .willReturn(aResponse().withBody(result("t2", "Pending", ""))));
        stub.stubFor(get(urlEqualTo("/v1/get_result?id=t2")).inScenario("t2").whenScenarioStateIs("ready").willReturn(aResponse().withBody(
                result("t2", "Ready", ",\"result\":{\"sample\":\"https://bfldelivery.example/t2/sample.jpeg?se=1&sig=y\",\"seed\":43}"))));

        ProviderRequest request = Requests.image("bfl", "flux-dev", "16:9", "jpg", 2);
        Submission submission = adapter.submit(request).join();
        assertEquals("t1,t2", submission.predictionId());
        stub.verify(2, postRequestedFor(urlEqualTo("/v1/flux-dev")));
        assertInstanceOf(PollResult.Running.class, adapter.poll(request, submission.predictionId(), submission.handle()).join());
        PollResult.Succeeded done = assertInstanceOf(PollResult.Succeeded.class,
                adapter.poll(request, submission.predictionId(), submission.handle()).join());
        assertEquals(2, done.outputs().size());
        assertEquals("jpg", done.outputs().get(0).extension());
    }

    @Test
    void moderationIsTerminalAndBillingFailsOver() {
        stub.stubFor(get(urlEqualTo("/v1/get_result?id=m1")).willReturn(aResponse().withBody(
                result("m1", "Request Moderated", "").replace("\"details\":null", "\"details\":{\"Moderation Reasons\":[\"Protected Content\"]}"))));
        ProviderRequest request = Requests.image("bfl", "flux-dev", "1:1", "png", 1);
        ProviderFailure moderated = ((PollResult.Failed) adapter.poll(request, "m1", null).join()).failure();
        assertEquals(ErrorCode.CONTENT_POLICY_VIOLATION, moderated.code());
        assertFalse(moderated.retryable());

        stub.stubFor(post(urlEqualTo("/v1/flux-dev")).willReturn(aResponse().withStatus(402).withBody("{\"detail\":\"Insufficient credits\"}")));
        assertEquals(ErrorCode.PROVIDER_CREDITS_EXHAUSTED, AdapterStub.failureOf(adapter.submit(request)).code());
        stub.stubFor(post(urlEqualTo("/v1/flux-dev")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "5")
                .withBody("{\"detail\":\"Too many active tasks\"}")));
        ProviderFailure busy = AdapterStub.failureOf(adapter.submit(request));
        assertEquals(ErrorCode.PROVIDER_RATE_LIMITED, busy.code());
        assertEquals(Duration.ofSeconds(5), busy.retryAfter());
        stub.stubFor(post(urlEqualTo("/v1/flux-dev")).willReturn(aResponse().withStatus(422)
                .withBody("{\"detail\":[{\"loc\":[\"body\",\"width\"],\"msg\":\"must be a multiple of 16\",\"type\":\"value_error\"}]}")));
        assertEquals(ErrorCode.PROVIDER_INVALID_INPUT, AdapterStub.failureOf(adapter.submit(request)).code());
    }

    @Test
    void ultraTakesAnAspectRatioAndWebpSkipsBfl() {
        stub.stubFor(post(urlEqualTo("/v1/flux-pro-1.1-ultra")).withRequestBody(matchingJsonPath("$.aspect_ratio", equalTo("21:9")))
                .willReturn(aResponse().withBody("{\"id\":\"u1\",\"polling_url\":\"" + stub.baseUrl() + "/v1/get_result?id=u1\"}")));
        assertEquals("u1", adapter.submit(Requests.image("bfl", "flux-pro-1.1-ultra", "21:9", "png", 1)).join().predictionId());
        assertFalse(adapter.supports(Requests.image("bfl", "flux-dev", "1:1", "webp", 1)));
    }
}
