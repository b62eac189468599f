package ai.babysea.router;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import ai.babysea.embedded.EmbeddedS3;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Base64;
import java.util.Map;

/**
 * Starts one WireMock server standing in for the real provider APIs and points the router's Replicate adapter
 * at it; outputs go to the in-JVM S3 server.
 */
public class ProviderStubResource implements QuarkusTestResourceLifecycleManager {
    /** The Replicate webhook signing secret the stub signs with. */
    public static final String REPLICATE_SECRET = "whsec_" + Base64.getEncoder().encodeToString("replicate-test-signing-key-32by".getBytes());
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
        return Map.of(
                "babysea.router.storage.kind", "s3",
                "babysea.router.storage.endpoint", s3.endpoint(),
                "babysea.router.storage.access-key", EmbeddedS3.ACCESS_KEY,
                "babysea.router.storage.secret-key", EmbeddedS3.SECRET_KEY,
                "babysea.router.providers.replicate.api-key", "r8_test",
                "babysea.router.providers.replicate.base-url", stub.baseUrl(),
                "babysea.router.providers.replicate.webhook-secret", REPLICATE_SECRET,
                "babysea.router.webhook-base-url", "http://localhost:8082");
    }

    @Override
    public void stop() {
        if (stub != null) {
            stub.stop();
        }
    }
}
