package ai.babysea.router.provider;

import java.util.Map;

/**
 * One produced file: bytes the provider returned inline (base64 APIs, the simulator), or a URL to fetch
 * before the provider expires it (with the headers the download needs, e.g. Google's API key).
 */
public record ProviderOutput(String url, byte[] content, String contentType, String extension, Map<String, String> headers) {
    /** An inline output. */
    public static ProviderOutput inline(byte[] content, String contentType, String extension) {
        return new ProviderOutput(null, content, contentType, extension, Map.of());
    }

    /** An output to download (content type and extension may be null: taken from the response or the URL). */
    public static ProviderOutput remote(String url, String contentType, String extension) {
        return new ProviderOutput(url, null, contentType, extension, Map.of());
    }

    /** An output whose download needs headers. */
    public static ProviderOutput remote(String url, String contentType, String extension, Map<String, String> headers) {
        return new ProviderOutput(url, null, contentType, extension, headers);
    }

    /** Whether the bytes are already here. */
    public boolean inline() {
        return content != null;
    }
}
