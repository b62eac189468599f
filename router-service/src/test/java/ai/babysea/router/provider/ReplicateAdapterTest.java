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
import ai.babysea.router.provider.replicate.ReplicateAdapter;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Replicate adapter against a WireMock stub of the predictions API ({@link ReplicateAdapter} and router-service/README.md, "Providers"). */
class ReplicateAdapterTest {
    private static final String CREATE = "/v1/models/black-forest-labs/flux-schnell/predictions";
    private static WireMockServer stub;
    private static ReplicateAdapter adapter;

    @BeforeAll
    static void start() {
        stub = new WireMockServer(options().dynamicPort());
        stub.start();
        adapter = new ReplicateAdapter(StubSettings.http(), StubSettings.of("r8_test", stub.baseUrl()),
                Optional.of("https://router.example"), 900);
    }

    @AfterAll
    static void stop() {
        stub.stop();
    }

    @BeforeEach
    void reset() {
        stub.resetAll();
    }

    private static String prediction(String id, String status, String extra) {
        return "{\"id\":\"" + id + "\",\"model\":\"black-forest-labs/flux-schnell\",\"version\":\"hidden\",\"status\":\"" + status
                + "\",\"input\":{},\"error\":null,\"logs\":\"\",\"urls\":{\"get\":\"x\",\"cancel\":\"y\"}" + extra + "}";
    }

    private static PollResult.Failed failureOf(int status, String body, String... headers) {
        var response = aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
        for (int i = 0; i < headers.length; i += 2) {
            response.withHeader(headers[i], headers[i + 1]);
        }
        stub.stubFor(post(urlEqualTo(CREATE)).willReturn(response));
        CompletionException error = assertThrows(CompletionException.class,
                () -> adapter.submit(Requests.image("replicate", "black-forest-labs/flux-schnell", "1:1", "png", 1)).join());
        return new PollResult.Failed(assertInstanceOf(ProviderException.class, error.getCause()).failure());
    }

    @Test
    void submitsToTheModelEndpointThenPollsToSucceededWithOutputUrls() {
        stub.stubFor(post(urlEqualTo(CREATE))
                .withHeader("Authorization", equalTo("Bearer r8_test"))
                .withHeader("Cancel-After", equalTo("900s"))
                .withRequestBody(matchingJsonPath("$.input.prompt", equalTo("a baby seal on ice")))
                .withRequestBody(matchingJsonPath("$.input.aspect_ratio", equalTo("16:9")))
                .withRequestBody(matchingJsonPath("$.input.num_outputs", equalTo("2")))
                .withRequestBody(matchingJsonPath("$.input.output_format", equalTo("jpg")))
                .withRequestBody(matchingJsonPath("$.input.seed", equalTo("42")))
                .withRequestBody(matchingJsonPath("$.webhook", equalTo("https://router.example/provider-webhooks/replicate")))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(prediction("p1", "starting", ""))));
        stub.stubFor(get(urlEqualTo("/v1/predictions/p1")).inScenario("p1").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("done").willReturn(aResponse().withStatus(200).withBody(prediction("p1", "processing", ""))));
        stub.stubFor(get(urlEqualTo("/v1/predictions/p1")).inScenario("p1").whenScenarioStateIs("done")
                .willReturn(aResponse().withStatus(200).withBody(prediction("p1", "succeeded",
                        ",\"output\":[\"https://replicate.delivery/a/out-0.jpg\",\"https://replicate.delivery/a/out-1.jpg\"],"
                                + "\"metrics\":{\"predict_time\":1.25,\"total_time\":2.1}"))));

        ProviderRequest request = Requests.image("replicate", "black-forest-labs/flux-schnell", "16:9", "jpeg", 2);
        Submission submission = adapter.submit(request).join();
        assertEquals("p1", submission.predictionId());
        assertNull(submission.immediateResult());
        assertInstanceOf(PollResult.Running.class, adapter.poll(request, "p1", null).join());
        PollResult.Succeeded done = assertInstanceOf(PollResult.Succeeded.class, adapter.poll(request, "p1", null).join());
        assertEquals(2, done.outputs().size());
        assertEquals("https://replicate.delivery/a/out-0.jpg", done.outputs().get(0).url());
        assertEquals("jpg", done.outputs().get(0).extension());
        assertEquals(1.25, done.predictTimeSeconds());
    }

    @Test
    void acceptsASingleUrlOutputAndAVersionedModel() {
        stub.stubFor(post(urlEqualTo("/v1/predictions")).withRequestBody(matchingJsonPath("$.version", equalTo("owner/model:abc")))
                .willReturn(aResponse().withStatus(201).withBody(prediction("p2", "succeeded", ",\"output\":\"https://replicate.delivery/v.mp4\""))));
        Submission submission = adapter.submit(Requests.video("replicate", "owner/model:abc", "16:9", 8)).join();
        PollResult.Succeeded done = assertInstanceOf(PollResult.Succeeded.class, submission.immediateResult());
        assertEquals("mp4", done.outputs().get(0).extension());
    }

    @Test
    void classifiesErrorBodies() {
        PollResult.Failed billing = failureOf(402, "{\"title\":\"Billing required\",\"detail\":\"You need to set up billing.\",\"status\":402}");
        assertEquals(ErrorCode.PROVIDER_CREDITS_EXHAUSTED, billing.failure().code());
        assertTrue(billing.failure().retryable(), "no credit at one provider fails over");
        assertTrue(billing.failure().message().contains("You need to set up billing"));

        PollResult.Failed invalid = failureOf(422, "{\"title\":\"Input validation failed\",\"detail\":\"num_outputs must be <= 4\",\"status\":422}");
        assertEquals(ErrorCode.PROVIDER_INVALID_INPUT, invalid.failure().code());
        assertFalse(invalid.failure().retryable());

        PollResult.Failed throttled = failureOf(429, "{\"detail\":\"Request was throttled. Your rate limit resets in ~30s.\"}", "Retry-After", "7");
        assertEquals(ErrorCode.PROVIDER_RATE_LIMITED, throttled.failure().code());
        assertEquals(Duration.ofSeconds(7), throttled.failure().retryAfter());

        PollResult.Failed auth = failureOf(401, "{\"title\":\"Unauthenticated\",\"status\":401}");
        assertEquals(ErrorCode.PROVIDER_AUTH_ERROR, auth.failure().code());

        PollResult.Failed server = failureOf(500, "oops");
        assertEquals(ErrorCode.PROVIDER_ERROR, server.failure().code());
        assertTrue(server.failure().retryable());
    }

    @Test
    void mapsTerminalStatuses() {
        ProviderRequest request = Requests.image("replicate", "black-forest-labs/flux-schnell", "1:1", "png", 1);
        stub.stubFor(get(urlEqualTo("/v1/predictions/nsfw")).willReturn(aResponse().withStatus(200)
                .withBody(prediction("nsfw", "failed", "").replace("\"error\":null", "\"error\":\"NSFW content detected. Try a different prompt.\""))));
        stub.stubFor(get(urlEqualTo("/v1/predictions/boom")).willReturn(aResponse().withStatus(200)
                .withBody(prediction("boom", "failed", "").replace("\"error\":null", "\"error\":\"CUDA out of memory\""))));
        stub.stubFor(get(urlEqualTo("/v1/predictions/late")).willReturn(aResponse().withStatus(200).withBody(prediction("late", "aborted", ""))));
        stub.stubFor(get(urlEqualTo("/v1/predictions/gone")).willReturn(aResponse().withStatus(200)
                .withBody(prediction("gone", "succeeded", ",\"output\":null,\"data_removed\":true"))));

        ProviderFailure nsfw = ((PollResult.Failed) adapter.poll(request, "nsfw", null).join()).failure();
        assertEquals(ErrorCode.CONTENT_POLICY_VIOLATION, nsfw.code());
        assertFalse(nsfw.retryable());
        ProviderFailure boom = ((PollResult.Failed) adapter.poll(request, "boom", null).join()).failure();
        assertEquals(ErrorCode.PROVIDER_ERROR, boom.code());
        assertTrue(boom.retryable());
        assertEquals(ErrorCode.PROVIDER_TIMEOUT, ((PollResult.Failed) adapter.poll(request, "late", null).join()).failure().code());
        assertInstanceOf(PollResult.Failed.class, adapter.poll(request, "gone", null).join());
    }

    @Test
    void cancelsThroughThePredictionCancelEndpoint() {
        stub.stubFor(post(urlEqualTo("/v1/predictions/p9/cancel")).willReturn(aResponse().withStatus(200).withBody(prediction("p9", "canceled", ""))));
        adapter.cancel(Requests.image("replicate", "black-forest-labs/flux-schnell", "1:1", "png", 1), "p9", null).join();
        stub.verify(1, postRequestedFor(urlEqualTo("/v1/predictions/p9/cancel")).withHeader("Authorization", equalTo("Bearer r8_test")));
    }

    @Test
    void skipsRatiosTheFluxFamilyCannotExpress() {
        assertFalse(adapter.supports(Requests.image("replicate", "black-forest-labs/flux-schnell", "3:4", "png", 1)));
        assertTrue(adapter.supports(Requests.image("replicate", "black-forest-labs/flux-schnell", "16:9", "png", 1)));
        assertTrue(adapter.supports(Requests.image("replicate", "black-forest-labs/flux-1.1-pro", "3:4", "png", 1)));
    }

    private static String listed(String id, String input) {
        return "{\"id\":\"" + id + "\",\"model\":\"black-forest-labs/flux-schnell\",\"version\":\"hidden\",\"status\":\"processing\","
                + "\"input\":" + input + ",\"created_at\":\"2026-12-07T10:00:00.000Z\",\"urls\":{\"get\":\"x\",\"cancel\":\"y\"}}";
    }

    private static final String SENT_INPUT = "{\"prompt\":\"a baby seal on ice\",\"aspect_ratio\":\"1:1\",\"output_format\":\"png\",\"seed\":42}";

    @Test
    void findsTheLostPredictionByTheExactInputItSent() {
        var request = Requests.image("replicate", "black-forest-labs/flux-schnell", "1:1", "png", 1);
        stub.stubFor(get(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/v1/predictions"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"next\":null,\"previous\":null,"
                        + "\"results\":[" + listed("other-1", "{\"prompt\":\"something else\",\"aspect_ratio\":\"1:1\",\"output_format\":\"png\",\"seed\":42}")
                        + "," + listed("ours-1", SENT_INPUT) + "]}")));
        Lookup found = adapter.find(request, 1_765_000_000_000L).join();
        assertEquals(new Lookup.Found("ours-1", null), found);
        stub.verify(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/v1/predictions")).withQueryParam("created_after",
                equalTo("2025-12-06T05:45:40Z")));
    }

    @Test
    void findFollowsTheNextPageAndReportsNothingWhenNoPredictionMatches() {
        var request = Requests.image("replicate", "black-forest-labs/flux-schnell", "1:1", "png", 1);
        stub.stubFor(get(urlEqualTo("/v1/predictions?created_after=2025-12-06T05%3A45%3A40Z")).willReturn(aResponse().withStatus(200)
                .withBody("{\"next\":\"https://api.replicate.com/v1/predictions?cursor=p2\",\"results\":[" + listed("a", "{}") + "]}")));
        stub.stubFor(get(urlEqualTo("/v1/predictions?cursor=p2")).willReturn(aResponse().withStatus(200)
                .withBody("{\"next\":null,\"results\":[" + listed("b", "{\"prompt\":\"x\"}") + "]}")));
        assertEquals(new Lookup.NotFound(), adapter.find(request, 1_765_000_000_000L).join());
        stub.verify(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlEqualTo("/v1/predictions?cursor=p2")));
    }

    @Test
    void twoPredictionsWithTheSameInputCannotBeToldApart() {
        var request = Requests.image("replicate", "black-forest-labs/flux-schnell", "1:1", "png", 1);
        stub.stubFor(get(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/v1/predictions")).willReturn(aResponse().withStatus(200)
                .withBody("{\"next\":null,\"results\":[" + listed("a", SENT_INPUT) + "," + listed("b", SENT_INPUT) + "]}")));
        assertInstanceOf(Lookup.Unsupported.class, adapter.find(request, 1_765_000_000_000L).join());
    }
}
