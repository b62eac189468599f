package ai.babysea.router;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import ai.babysea.embedded.EmbeddedS3;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Base64;
import java.util.Map;

/**
 * Starts one WireMock server standing in for the real provider APIs and points the router's Replicate, Alibaba Cloud
 * (DashScope) and Cloudflare (Workers AI) adapters at it; outputs go to the in-JVM S3 server.
 */
public class ProviderStubResource implements QuarkusTestResourceLifecycleManager {
    /** The Replicate webhook signing secret the stub signs with. */
    public static final String REPLICATE_SECRET = "whsec_" + Base64.getEncoder().encodeToString("replicate-test-signing-key-32by".getBytes());
    /** The Cloudflare account id in the stubbed Workers AI paths. */
    public static final String CLOUDFLARE_ACCOUNT = "acc-test";
    static WireMockServer stub;

    /** The running stub (valid between start and stop). */
    public static WireMockServer stub() {
        return stub;
    }

    @Override
    public Map<String, String> start() {
        stub = new WireMockServer(options().dynamicPort());
        stub.start();
        EmbeddedS3 s3 = EmbeddedS3.shared();
        return Map.ofEntries(
                Map.entry("babysea.router.storage.kind", "s3"),
                Map.entry("babysea.router.storage.endpoint", s3.endpoint()),
                Map.entry("babysea.router.storage.access-key", EmbeddedS3.ACCESS_KEY),
                Map.entry("babysea.router.storage.secret-key", EmbeddedS3.SECRET_KEY),
                Map.entry("babysea.router.providers.replicate.api-key", "r8_test"),
                Map.entry("babysea.router.providers.replicate.base-url", stub.baseUrl()),
                Map.entry("babysea.router.providers.replicate.webhook-secret", REPLICATE_SECRET),
                Map.entry("babysea.router.providers.alibabacloud.api-key", "sk-ds-test"),
                Map.entry("babysea.router.providers.alibabacloud.base-url", stub.baseUrl()),
                Map.entry("babysea.router.providers.cloudflare.api-key", "cf-test"),
                Map.entry("babysea.router.providers.cloudflare.account-id", CLOUDFLARE_ACCOUNT),
                Map.entry("babysea.router.providers.cloudflare.base-url", stub.baseUrl() + "/client/v4"),
                Map.entry("babysea.router.webhook-base-url", "http://localhost:8082"));
    }

    @Override
    public void stop() {
        if (stub != null) {
            stub.stop();
        }
    }
}
