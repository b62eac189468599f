package ai.babysea.router.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.router.provider.http.InputFiles;
import ai.babysea.embedded.Ports;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The input-file fetcher against a WireMock file host on loopback: address and scheme rules (with
 * loopback refused, as in production), redirects judged hop by hop, size and time bounds, format sniffing.
 */
class InputFilesTest {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    private static final byte[] WEBP = {'R', 'I', 'F', 'F', 4, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' '};
    private static WireMockServer host;
    /** As in production: loopback refused. */
    private static InputFiles production;
    /** As in tests and local runs: loopback allowed (the stub lives there), at most 1,000 bytes, 2 s per file. */
    private static InputFiles local;

    @BeforeAll
    static void start() {
        host = new WireMockServer(options().dynamicPort());
        host.start();
        production = new InputFiles(Duration.ofSeconds(2), Duration.ofSeconds(2), 1_000, false);
        local = new InputFiles(Duration.ofSeconds(2), Duration.ofSeconds(2), 1_000, true);
    }

    @AfterAll
    static void stop() {
        host.stop();
    }

    @BeforeEach
    void reset() {
        host.resetAll();
    }

    private static ProviderFailure refusal(InputFiles files, String url) {
        return AdapterStub.failureOf(files.fetch(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:%d/seal.png", "http://localhost:%d/seal.png", "http://[::1]:%d/seal.png",
            "http://[::ffff:127.0.0.1]:%d/seal.png", "http://10.0.0.7:%d/seal.png", "http://169.254.169.254:%d/latest/meta-data",
            "http://192.168.1.1:%d/seal.png", "http://100.64.0.1:%d/seal.png", "http://0.0.0.0:%d/seal.png"})
    void refusesLoopbackPrivateAndMetadataAddressesWithoutConnecting(String template) {
        host.stubFor(get(urlEqualTo("/seal.png")).willReturn(aResponse().withBody(PNG)));
        ProviderFailure failure = refusal(production, template.formatted(host.port()));
        assertEquals(ErrorCode.FILE_DOWNLOAD_ERROR, failure.code());
        assertFalse(failure.retryable());
        assertTrue(failure.message().contains("localhost") || failure.message().contains("refused address range"), failure.message());
        host.verify(0, getRequestedFor(urlEqualTo("/seal.png")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://cdn.example/seal.png", "file:///etc/passwd", "https://user:pass@cdn.example/seal.png", "not a url"})
    void refusesOtherSchemesCredentialsAndGarbage(String url) {
        ProviderFailure failure = refusal(local, url);
        assertEquals(ErrorCode.FILE_DOWNLOAD_ERROR, failure.code());
        assertFalse(failure.retryable());
    }

    @Test
    void fetchesAndRecognisesImagesByTheirBytes() {
        host.stubFor(get(urlEqualTo("/seal")).willReturn(aResponse().withHeader("Content-Type", "text/plain").withBody(WEBP)));
        InputFiles.InputFile file = local.fetch(host.baseUrl() + "/seal").join();
        assertArrayEquals(WEBP, file.content());
        assertEquals("image/webp", file.mimeType());
    }

    @Test
    void followsARedirectToAnAllowedHostButJudgesEveryHop() {
        host.stubFor(get(urlEqualTo("/moved")).willReturn(aResponse().withStatus(302).withHeader("Location", "/seal.png")));
        host.stubFor(get(urlEqualTo("/seal.png")).willReturn(aResponse().withBody(PNG)));
        assertArrayEquals(PNG, local.fetch(host.baseUrl() + "/moved").join().content());

        host.stubFor(get(urlEqualTo("/to-metadata")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://169.254.169.254/latest/meta-data/")));
        ProviderFailure failure = refusal(local, host.baseUrl() + "/to-metadata");
        assertEquals(ErrorCode.FILE_DOWNLOAD_ERROR, failure.code());
        assertTrue(failure.message().contains("link-local"), failure.message());

        host.stubFor(get(urlEqualTo("/loop")).willReturn(aResponse().withStatus(302).withHeader("Location", "/loop")));
        assertTrue(refusal(local, host.baseUrl() + "/loop").message().contains("redirected more than " + InputFiles.MAX_REDIRECTS));
        host.verify(InputFiles.MAX_REDIRECTS + 1, getRequestedFor(urlEqualTo("/loop")));
    }

    @Test
    void refusesBodiesOverTheLimitWithOrWithoutContentLength() {
        host.stubFor(get(urlEqualTo("/declared")).willReturn(aResponse().withBody(new byte[1_001])));
        // chunked: no Content-Length, the limit is enforced while reading
        host.stubFor(get(urlEqualTo("/chunked")).willReturn(aResponse().withBody(new byte[50_000]).withChunkedDribbleDelay(5, 100)));
        for (String path : List.of("/declared", "/chunked")) {
            ProviderFailure failure = refusal(local, host.baseUrl() + path);
            assertEquals(ErrorCode.FILE_SIZE_EXCEEDED, failure.code(), path);
            assertTrue(failure.message().contains("larger than 1000 bytes"), failure.message());
        }
    }

    @Test
    void anUnreachableHostOrAnErrorStatusIsADownloadErrorThatHidesTheQuery() {
        ProviderFailure refused = refusal(local, "http://127.0.0.1:" + Ports.free() + "/seal.png?X-Amz-Signature=secret");
        assertEquals(ErrorCode.FILE_DOWNLOAD_ERROR, refused.code());
        assertFalse(refused.message().contains("secret"), refused.message());

        host.stubFor(get(urlEqualTo("/forbidden.png?sig=secret")).willReturn(aResponse().withStatus(403).withBody("denied")));
        ProviderFailure forbidden = refusal(local, host.baseUrl() + "/forbidden.png?sig=secret");
        assertEquals(ErrorCode.FILE_DOWNLOAD_ERROR, forbidden.code());
        assertTrue(forbidden.message().contains("HTTP 403") && !forbidden.message().contains("secret"), forbidden.message());
    }

    @Test
    void aBodyThatTricklesInIsCutOffAtTheDeadline() {
        host.stubFor(get(urlEqualTo("/trickle")).willReturn(aResponse().withBody(new byte[900]).withChunkedDribbleDelay(30, 10_000)));
        ProviderFailure failure = refusal(local, host.baseUrl() + "/trickle");
        assertEquals(ErrorCode.FILE_DOWNLOAD_ERROR, failure.code());
        assertTrue(failure.message().contains("within 2 s"), failure.message());
    }
}
