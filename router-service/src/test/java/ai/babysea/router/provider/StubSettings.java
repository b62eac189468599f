package ai.babysea.router.provider;

import ai.babysea.router.config.RouterConfig;
import ai.babysea.router.provider.http.InputFiles;
import ai.babysea.router.provider.http.ProviderHttp;
import java.time.Duration;
import java.util.Optional;

/** Provider settings pointing an adapter at a local stub. */
public record StubSettings(String key, String url, String secret) implements RouterConfig.Provider {
    public static StubSettings of(String key, String url) {
        return new StubSettings(key, url, null);
    }

    /** A client with short bounds for adapter tests. */
    public static ProviderHttp http() {
        return new ProviderHttp(Duration.ofSeconds(2), Duration.ofSeconds(5), 10_000_000);
    }

    /** A client whose input-file fetches may reach the loopback stub, with the given bounds. */
    public static ProviderHttp httpWithInputs(long maxInputBytes, Duration inputTimeout) {
        return new ProviderHttp(Duration.ofSeconds(2), Duration.ofSeconds(5), 10_000_000,
                new InputFiles(Duration.ofSeconds(2), inputTimeout, maxInputBytes, true));
    }

    @Override
    public Optional<String> apiKey() {
        return Optional.ofNullable(key);
    }

    @Override
    public Optional<String> baseUrl() {
        return Optional.ofNullable(url);
    }

    @Override
    public Optional<String> accountId() {
        return Optional.empty();
    }

    @Override
    public int maxConcurrency() {
        return 100;
    }

    @Override
    public Optional<String> webhookSecret() {
        return Optional.ofNullable(secret);
    }

    @Override
    public Optional<String> jwksUrl() {
        return Optional.empty();
    }
}
