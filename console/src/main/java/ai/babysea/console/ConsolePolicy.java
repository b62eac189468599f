package ai.babysea.console;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The console's browser policy derived from {@link ConsoleConfig}: the default API base URL and the origins the page may
 * connect to and load media from, and the Content-Security-Policy that enforces exactly those. A malformed URL stops
 * the start (a console that cannot reach its API is useless, and a typo in an origin must not widen the policy).
 */
record ConsolePolicy(String apiBaseUrl, List<String> connectOrigins, List<String> mediaOrigins) {

    static ConsolePolicy from(ConsoleConfig config) {
        String base = trimSlashes(config.apiBaseUrl().trim());
        Set<String> connect = new LinkedHashSet<>();
        connect.add(origin(base, "babysea.console.api-base-url"));
        config.apiOrigins().orElse(List.of()).stream().map(String::trim).filter(s -> !s.isEmpty())
                .forEach(o -> connect.add(origin(o, "babysea.console.api-origins")));
        Set<String> media = new LinkedHashSet<>();
        List<String> configured = config.mediaOrigins().orElse(List.of()).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (configured.isEmpty()) {
            media.addAll(connect);
        } else {
            configured.forEach(o -> media.add(origin(o, "babysea.console.media-origins")));
        }
        return new ConsolePolicy(base, List.copyOf(connect), List.copyOf(media));
    }

    /**
     * The header: only this server's own scripts and styles (no inline script, no eval), API calls only to the
     * configured origins, previews only from the media origins, no plugins, no framing, no form posts, no base tag.
     */
    String contentSecurityPolicy() {
        String connect = String.join(" ", connectOrigins);
        String media = String.join(" ", mediaOrigins);
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: " + media
                + "; media-src 'self' " + media + "; connect-src 'self' " + connect
                + "; font-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"
                + "; frame-ancestors 'none'";
    }

    /** {@code scheme://host[:port]} of an http(s) URL, lower case; anything else is a configuration error. */
    static String origin(String url, String property) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(property + ": '" + url + "' is not a URL", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null || uri.getUserInfo() != null) {
            throw new IllegalArgumentException(property + ": '" + url + "' must be an http(s) URL without credentials");
        }
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    private static String trimSlashes(String url) {
        String out = url;
        while (out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }
}
