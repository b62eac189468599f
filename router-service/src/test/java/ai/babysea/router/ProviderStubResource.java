package ai.babysea.router;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Base64;
import java.util.Map;

/** Starts one WireMock server standing in for the real provider APIs and points the router's Replicate adapter at it. */
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
        return Map.of(
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
