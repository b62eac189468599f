package ai.babysea.webhook.ssrf;

import java.net.InetAddress;

/**
 * A checked destination for one attempt: the URL's host (for the Host header and TLS SNI/verification)
 * and the one address that was resolved and judged, which the connection must use (DNS pinning).
 */
public record PinnedDestination(String host, int port, boolean ssl, String requestUri, InetAddress address) {
}
