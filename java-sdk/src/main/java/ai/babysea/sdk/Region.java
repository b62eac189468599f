package ai.babysea.sdk;

import java.net.URI;

/** BabySea's regional API hosts; an account and its keys live in exactly one region. */
public enum Region {
    US("https://api.us.babysea.ai/v1"),
    EU("https://api.eu.babysea.ai/v1"),
    /** Marketed as APAC. */
    JP("https://api.jp.babysea.ai/v1");

    private final URI baseUrl;

    Region(String baseUrl) {
        this.baseUrl = URI.create(baseUrl);
    }

    /** The region's API root, including `/v1`. */
    public URI baseUrl() {
        return baseUrl;
    }
}
