package ai.babysea.webhook.ssrf;

import ai.babysea.platform.net.AddressRanges;
import ai.babysea.webhook.config.WebhookConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a webhook may be sent to a URL: scheme and port rules, no userinfo, and every address
 * the host resolves to outside the refused ranges. Resolution happens once per attempt and the judged
 * address is the one connected to, so a DNS answer cannot change between the check and the connection.
 */
@ApplicationScoped
public class DestinationPolicy {
    /** Longest accepted endpoint URL, in characters. */
    public static final int MAX_URL_LENGTH = 2048;

    private final boolean allowLoopback;
    private final boolean requireHttps;

    @Inject
    DestinationPolicy(WebhookConfig config) {
        this(config.allowLoopback(), config.requireHttps());
    }

    /** A policy with explicit switches (tests). */
    public DestinationPolicy(boolean allowLoopback, boolean requireHttps) {
        this.allowLoopback = allowLoopback;
        this.requireHttps = requireHttps;
    }

    /** Static checks done when an endpoint is created or changed (no DNS): returns the parsed URI. */
    public URI validateUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new ForbiddenDestinationException("url is required");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw new ForbiddenDestinationException("url is longer than " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ForbiddenDestinationException("url is not a valid URI");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && !requireHttps)) {
            throw new ForbiddenDestinationException(requireHttps ? "url must use https" : "url must use http or https");
        }
        if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            throw new ForbiddenDestinationException("url must not contain userinfo");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new ForbiddenDestinationException("url must have a host");
        }
        if (requireHttps && uri.getPort() != -1 && uri.getPort() != 443) {
            throw new ForbiddenDestinationException("url must use the default https port 443");
        }
        // A trailing dot is the same DNS name ("localhost." is localhost).
        String lowerHost = host.toLowerCase(Locale.ROOT).replaceAll("\\.+$", "");
        if (lowerHost.equals("localhost") || lowerHost.endsWith(".localhost")) {
            if (!allowLoopback) {
                throw new ForbiddenDestinationException("url must not point to localhost");
            }
        }
        byte[] literal = AddressRanges.parseLiteral(host);
        if (literal != null) {
            judge(literal);
        }
        return uri;
    }

    /** Full check for one attempt: static rules, DNS resolution, every address judged; returns the pinned address. */
    public PinnedDestination resolve(String url) {
        URI uri = validateUrl(url);
        String host = uri.getHost();
        byte[] literal = AddressRanges.parseLiteral(host);
        InetAddress[] addresses;
        try {
            addresses = literal != null ? new InetAddress[] {InetAddress.getByAddress(literal)} : InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new ForbiddenDestinationException("host does not resolve");
        }
        InetAddress pinned = pin(addresses);
        boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : ssl ? 443 : 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String requestUri = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return new PinnedDestination(bareHost, port, ssl, requestUri, pinned);
    }

    /**
     * Judges every DNS answer and returns the one to connect to. Refused when any answer is refused: an
     * attacker-controlled zone could otherwise mix a public and a private address and win whichever is picked.
     */
    InetAddress pin(InetAddress[] answers) {
        if (answers.length == 0) {
            throw new ForbiddenDestinationException("host does not resolve");
        }
        for (InetAddress address : answers) {
            judge(address.getAddress());
        }
        return answers[0];
    }

    /** Throws when the raw address lies in a refused range (loopback allowed only when configured). */
    public void judge(byte[] address) {
        Optional<AddressRanges.Range> refused = AddressRanges.refusedRange(address);
        if (refused.isEmpty()) {
            return;
        }
        if (refused.get().category() == AddressRanges.Category.LOOPBACK && allowLoopback) {
            return;
        }
        throw new ForbiddenDestinationException("destination address is in a refused range: " + refused.get().name()
                + " (" + refused.get().cidr() + ")");
    }
}
