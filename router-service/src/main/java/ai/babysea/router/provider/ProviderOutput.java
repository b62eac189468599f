package ai.babysea.router.provider;

/**
 * One produced file: bytes the provider returned inline (base64 APIs, the simulator), or a URL to fetch
 * before the provider expires it.
 */
public record ProviderOutput(String url, byte[] content, String contentType, String extension) {
    /** An inline output. */
    public static ProviderOutput inline(byte[] content, String contentType, String extension) {
        return new ProviderOutput(null, content, contentType, extension);
    }

    /** An output to download. */
    public static ProviderOutput remote(String url, String contentType, String extension) {
        return new ProviderOutput(url, null, contentType, extension);
    }

    /** Whether the bytes are already here. */
    public boolean inline() {
        return content != null;
    }
}
