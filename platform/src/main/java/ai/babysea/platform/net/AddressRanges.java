package ai.babysea.platform.net;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * Address ranges an outbound call to a user-supplied URL may never reach (webhook deliveries, input-file
 * fetches): loopback, private, link-local, reserved, multicast, translated IPv6. IPv6 is additionally restricted to global
 * unicast (2000::/3), so any range not yet listed here but outside it is refused as reserved.
 */
public final class AddressRanges {
    /** Why a range is refused. */
    public enum Category { LOOPBACK, PRIVATE, LINK_LOCAL, RESERVED, MULTICAST, TRANSLATED }

    /** One refused CIDR block. */
    public record Range(String cidr, Category category, String name, byte[] network, int prefixLength) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int fullBytes = prefixLength / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int remainingBits = prefixLength % 8;
            if (remainingBits == 0) {
                return true;
            }
            int mask = (0xFF << (8 - remainingBits)) & 0xFF;
            return (address[fullBytes] & mask) == (network[fullBytes] & mask);
        }
    }

    // Order matters only for the reported name: the more specific block comes first.
    private static final List<Range> RANGES = List.of(
            range("0.0.0.0/8", Category.RESERVED, "this network"),
            range("10.0.0.0/8", Category.PRIVATE, "private (RFC 1918)"),
            range("100.64.0.0/10", Category.PRIVATE, "shared address space (CGNAT)"),
            range("127.0.0.0/8", Category.LOOPBACK, "loopback"),
            range("169.254.0.0/16", Category.LINK_LOCAL, "link-local"),
            range("172.16.0.0/12", Category.PRIVATE, "private (RFC 1918)"),
            range("192.0.0.0/24", Category.RESERVED, "IETF protocol assignments"),
            range("192.0.2.0/24", Category.RESERVED, "documentation (TEST-NET-1)"),
            range("192.88.99.0/24", Category.TRANSLATED, "6to4 relay anycast"),
            range("192.168.0.0/16", Category.PRIVATE, "private (RFC 1918)"),
            range("198.18.0.0/15", Category.RESERVED, "benchmarking"),
            range("198.51.100.0/24", Category.RESERVED, "documentation (TEST-NET-2)"),
            range("203.0.113.0/24", Category.RESERVED, "documentation (TEST-NET-3)"),
            range("224.0.0.0/4", Category.MULTICAST, "multicast"),
            range("240.0.0.0/4", Category.RESERVED, "reserved (incl. broadcast)"),
            range("::1/128", Category.LOOPBACK, "loopback"),
            range("::/128", Category.RESERVED, "unspecified"),
            range("::ffff:0:0/96", Category.TRANSLATED, "IPv4-mapped"),
            range("::ffff:0:0:0/96", Category.TRANSLATED, "IPv4-translated (SIIT)"),
            range("::/96", Category.TRANSLATED, "IPv4-compatible (deprecated)"),
            range("64:ff9b::/96", Category.TRANSLATED, "NAT64 well-known prefix"),
            range("64:ff9b:1::/48", Category.TRANSLATED, "NAT64 local-use prefix"),
            range("100::/64", Category.RESERVED, "discard-only"),
            range("2001::/32", Category.TRANSLATED, "Teredo"),
            range("2001:db8::/32", Category.RESERVED, "documentation"),
            range("2001::/23", Category.RESERVED, "IETF protocol assignments"),
            range("2002::/16", Category.TRANSLATED, "6to4"),
            range("3fff::/20", Category.RESERVED, "documentation"),
            range("5f00::/16", Category.RESERVED, "SRv6 SIDs"),
            range("fc00::/7", Category.PRIVATE, "unique local"),
            range("fe80::/10", Category.LINK_LOCAL, "link-local"),
            range("fec0::/10", Category.PRIVATE, "site-local (deprecated)"),
            range("ff00::/8", Category.MULTICAST, "multicast"));

    private static final Range NOT_GLOBAL_UNICAST = range("2000::/3", Category.RESERVED, "outside global unicast 2000::/3");

    private AddressRanges() {
    }

    /** Every refused range, for documentation and the table test. */
    public static List<Range> all() {
        return RANGES;
    }

    /** The refused range containing this 4- or 16-byte address, if any. */
    public static Optional<Range> refusedRange(byte[] address) {
        for (Range range : RANGES) {
            if (range.contains(address)) {
                return Optional.of(range);
            }
        }
        if (address.length == 16 && !NOT_GLOBAL_UNICAST.contains(address)) {
            return Optional.of(NOT_GLOBAL_UNICAST);
        }
        return Optional.empty();
    }

    /**
     * Parses an IPv4 dotted quad or an IPv6 literal (with `::`, an embedded dotted quad and an optional
     * `%zone`) into its raw 4 or 16 bytes. Unlike {@link java.net.InetAddress}, IPv4-mapped IPv6 literals
     * stay 16 bytes, so they are judged as the translated addresses they are. Returns null when not a literal.
     */
    public static byte[] parseLiteral(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String literal = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        return literal.indexOf(':') >= 0 ? parseIpv6(literal) : parseIpv4(literal);
    }

    private static byte[] parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) {
                return null;
            }
            int value = Integer.parseInt(parts[i]);
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    private static byte[] parseIpv6(String text) {
        int doubleColon = text.indexOf("::");
        if (doubleColon != text.lastIndexOf("::")) {
            return null;
        }
        String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
        String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
        int[] headGroups = groups(head);
        int[] tailGroups = groups(tail);
        if (headGroups == null || tailGroups == null) {
            return null;
        }
        int total = headGroups.length + tailGroups.length;
        if (doubleColon < 0 ? total != 8 : total > 7) {
            return null;
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < headGroups.length; i++) {
            bytes[2 * i] = (byte) (headGroups[i] >> 8);
            bytes[2 * i + 1] = (byte) headGroups[i];
        }
        int offset = 8 - tailGroups.length;
        for (int i = 0; i < tailGroups.length; i++) {
            bytes[2 * (offset + i)] = (byte) (tailGroups[i] >> 8);
            bytes[2 * (offset + i) + 1] = (byte) tailGroups[i];
        }
        return bytes;
    }

    /** 16-bit groups of one side of `::`; a trailing dotted quad counts as two groups. */
    private static int[] groups(String side) {
        if (side.isEmpty()) {
            return new int[0];
        }
        String[] parts = side.split(":", -1);
        int count = parts.length + (parts[parts.length - 1].contains(".") ? 1 : 0);
        int[] groups = new int[count];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.contains(".")) {
                byte[] v4 = i == parts.length - 1 ? parseIpv4(part) : null;
                if (v4 == null) {
                    return null;
                }
                groups[i] = ((v4[0] & 0xFF) << 8) | (v4[1] & 0xFF);
                groups[i + 1] = ((v4[2] & 0xFF) << 8) | (v4[3] & 0xFF);
                continue;
            }
            if (part.isEmpty() || part.length() > 4) {
                return null;
            }
            try {
                groups[i] = Integer.parseInt(part, 16);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return groups;
    }

    private static Range range(String cidr, Category category, String name) {
        int slash = cidr.indexOf('/');
        byte[] network = parseLiteral(cidr.substring(0, slash));
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        if (network == null || prefix > network.length * 8) {
            throw new IllegalArgumentException("bad CIDR " + cidr);
        }
        // Normalise: the table is data, a typo in a host part must not silently widen or narrow it.
        BigInteger value = new BigInteger(1, network);
        BigInteger hostMask = BigInteger.ONE.shiftLeft(network.length * 8 - prefix).subtract(BigInteger.ONE);
        if (!value.and(hostMask).equals(BigInteger.ZERO)) {
            throw new IllegalArgumentException("CIDR has host bits set: " + cidr);
        }
        return new Range(cidr, category, name, network, prefix);
    }
}
