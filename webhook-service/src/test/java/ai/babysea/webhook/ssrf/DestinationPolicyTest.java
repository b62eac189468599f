package ai.babysea.webhook.ssrf;

import ai.babysea.platform.net.AddressRanges;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.babysea.platform.net.AddressRanges.Category;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The SSRF table: every refused range (first and last address, and a neighbour outside), literal forms and URL rules. */
class DestinationPolicyTest {
    private static final DestinationPolicy PRODUCTION = new DestinationPolicy(false, true);
    private static final DestinationPolicy LOCAL = new DestinationPolicy(true, false);

    /** Sample addresses for each range of the contract's categories; the expected category is checked too. */
    private static final Object[][] SAMPLES = {
            {"0.0.0.0", Category.RESERVED}, {"0.255.255.255", Category.RESERVED},
            {"10.0.0.1", Category.PRIVATE}, {"10.255.255.255", Category.PRIVATE},
            {"100.64.0.1", Category.PRIVATE}, {"100.127.255.254", Category.PRIVATE},
            {"127.0.0.1", Category.LOOPBACK}, {"127.255.255.254", Category.LOOPBACK},
            {"169.254.169.254", Category.LINK_LOCAL},
            {"172.16.0.1", Category.PRIVATE}, {"172.31.255.255", Category.PRIVATE},
            {"192.0.0.8", Category.RESERVED}, {"192.0.2.10", Category.RESERVED},
            {"192.88.99.1", Category.TRANSLATED},
            {"192.168.1.1", Category.PRIVATE},
            {"198.18.0.1", Category.RESERVED}, {"198.19.255.255", Category.RESERVED},
            {"198.51.100.7", Category.RESERVED}, {"203.0.113.9", Category.RESERVED},
            {"224.0.0.1", Category.MULTICAST}, {"239.255.255.250", Category.MULTICAST},
            {"240.0.0.1", Category.RESERVED}, {"255.255.255.255", Category.RESERVED},
            {"::1", Category.LOOPBACK}, {"::", Category.RESERVED},
            {"::ffff:127.0.0.1", Category.TRANSLATED}, {"::ffff:8.8.8.8", Category.TRANSLATED}, {"::ffff:0a00:0001", Category.TRANSLATED},
            {"::ffff:0:8.8.8.8", Category.TRANSLATED},
            {"::8.8.8.8", Category.TRANSLATED},
            {"64:ff9b::8.8.8.8", Category.TRANSLATED}, {"64:ff9b::a00:1", Category.TRANSLATED},
            {"64:ff9b:1::1", Category.TRANSLATED},
            {"100::1", Category.RESERVED},
            {"2001::1", Category.TRANSLATED}, {"2001:0:4136:e378:8000:63bf:3fff:fdd2", Category.TRANSLATED},
            {"2001:db8::1", Category.RESERVED}, {"2001:10::1", Category.RESERVED},
            {"2002::1", Category.TRANSLATED}, {"2002:c000:0204::1", Category.TRANSLATED},
            {"3fff::1", Category.RESERVED}, {"5f00::1", Category.RESERVED},
            {"fc00::1", Category.PRIVATE}, {"fd12:3456:789a::1", Category.PRIVATE},
            {"fe80::1", Category.LINK_LOCAL}, {"fe80::1%eth0", Category.LINK_LOCAL}, {"febf:ffff::1", Category.LINK_LOCAL},
            {"fec0::1", Category.PRIVATE},
            {"ff02::1", Category.MULTICAST}, {"ff0e::1", Category.MULTICAST},
            {"4000::1", Category.RESERVED}, {"1000::1", Category.RESERVED}, {"e000::1", Category.RESERVED},
    };

    private static final String[] PUBLIC = {"8.8.8.8", "1.1.1.1", "93.184.216.34", "100.63.255.255", "100.128.0.0", "172.15.255.255",
            "172.32.0.0", "192.0.1.255", "192.169.0.0", "198.17.255.255", "198.20.0.0", "223.255.255.255",
            "2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "2001:200::1", "2003::1", "2001:4860:4860::8888"};

    @Test
    void refusesASampleOfEveryRangeWithItsCategory() {
        List<String> wrong = new ArrayList<>();
        for (Object[] sample : SAMPLES) {
            byte[] address = AddressRanges.parseLiteral((String) sample[0]);
            assertNotNull(address, (String) sample[0]);
            Optional<AddressRanges.Range> range = AddressRanges.refusedRange(address);
            if (range.isEmpty() || range.get().category() != sample[1]) {
                wrong.add(sample[0] + " -> " + range.map(r -> r.category() + " " + r.cidr()).orElse("allowed"));
            }
            assertThrows(ForbiddenDestinationException.class, () -> PRODUCTION.judge(address), (String) sample[0]);
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void refusesTheFirstAndLastAddressOfEveryTableRange() {
        for (AddressRanges.Range range : AddressRanges.all()) {
            byte[] first = range.network();
            BigInteger size = BigInteger.ONE.shiftLeft(first.length * 8 - range.prefixLength());
            byte[] last = toBytes(new BigInteger(1, first).add(size).subtract(BigInteger.ONE), first.length);
            assertTrue(AddressRanges.refusedRange(first).isPresent(), range.cidr() + " first");
            assertTrue(AddressRanges.refusedRange(last).isPresent(), range.cidr() + " last");
        }
    }

    @Test
    void allowsPublicAddressesIncludingNeighboursOfRefusedRanges() {
        for (String text : PUBLIC) {
            byte[] address = AddressRanges.parseLiteral(text);
            assertNotNull(address, text);
            assertEquals(Optional.empty(), AddressRanges.refusedRange(address).map(AddressRanges.Range::cidr), text);
            PRODUCTION.judge(address);
        }
    }

    @Test
    void loopbackOnlyWhenExplicitlyAllowedAndNeverThroughTranslation() {
        LOCAL.judge(AddressRanges.parseLiteral("127.0.0.1"));
        LOCAL.judge(AddressRanges.parseLiteral("::1"));
        assertThrows(ForbiddenDestinationException.class, () -> PRODUCTION.judge(AddressRanges.parseLiteral("127.0.0.1")));
        assertThrows(ForbiddenDestinationException.class, () -> LOCAL.judge(AddressRanges.parseLiteral("::ffff:127.0.0.1")));
        assertThrows(ForbiddenDestinationException.class, () -> LOCAL.judge(AddressRanges.parseLiteral("10.0.0.1")));
        assertThrows(ForbiddenDestinationException.class, () -> LOCAL.judge(AddressRanges.parseLiteral("169.254.169.254")));
    }

    @Test
    void parsesLiteralsStrictly() {
        assertEquals("[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 127, 0, 0, 1]", Arrays.toString(AddressRanges.parseLiteral("[::ffff:127.0.0.1]")));
        for (String notLiteral : new String[] {"example.com", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1::2::3", "12345::1", "::g", "1.2.3.04x"}) {
            assertEquals(null, AddressRanges.parseLiteral(notLiteral), notLiteral);
        }
    }

    @Test
    void urlRules() {
        assertUrlRefused(PRODUCTION, "http://example.com/hook", "https");
        assertUrlRefused(PRODUCTION, "https://example.com:8443/hook", "443");
        assertUrlRefused(PRODUCTION, "https://user:pw@example.com/hook", "userinfo");
        assertUrlRefused(PRODUCTION, "https://user@example.com/hook", "userinfo");
        assertUrlRefused(PRODUCTION, "https://localhost/hook", "localhost");
        assertUrlRefused(PRODUCTION, "https://api.localhost/hook", "localhost");
        assertUrlRefused(PRODUCTION, "https://127.0.0.1/hook", "loopback");
        assertUrlRefused(PRODUCTION, "https://[::ffff:a9fe:a9fe]/hook", "IPv4-mapped");
        assertUrlRefused(PRODUCTION, "https://[64:ff9b::a9fe:a9fe]/hook", "NAT64");
        assertUrlRefused(PRODUCTION, "https://[fe80::1]/hook", "link-local");
        assertUrlRefused(PRODUCTION, "https:///hook", "host");
        assertUrlRefused(PRODUCTION, "javascript:alert(1)", "https");
        assertUrlRefused(PRODUCTION, "https://example.com/" + "a".repeat(2100), "longer");
        assertUrlRefused(LOCAL, "ftp://example.com/hook", "http");
        PRODUCTION.validateUrl("https://example.com/hook?x=1");
        PRODUCTION.validateUrl("https://example.com:443/hook");
        PRODUCTION.validateUrl("https://[2606:4700:4700::1111]/hook");
        LOCAL.validateUrl("http://127.0.0.1:8080/hook");
        LOCAL.validateUrl("http://localhost:8080/hook");
    }

    @Test
    void resolutionJudgesEveryAnswerAndPinsTheAddress() throws Exception {
        DestinationPolicy plainHttp = new DestinationPolicy(false, false);
        assertUrlRefused(plainHttp, "http://localhost./hook", "localhost");
        assertUrlRefused(plainHttp, "http://LOCALHOST:9/hook", "localhost");
        // A name whose answers mix public and refused addresses is refused as a whole.
        ForbiddenDestinationException mixed = assertThrows(ForbiddenDestinationException.class, () -> plainHttp.pin(new InetAddress[] {
                InetAddress.getByAddress("evil.example", new byte[] {8, 8, 8, 8}),
                InetAddress.getByAddress("evil.example", new byte[] {10, 0, 0, 1})}));
        assertTrue(mixed.getMessage().contains("10.0.0.0/8"), mixed.getMessage());
        assertThrows(ForbiddenDestinationException.class, () -> plainHttp.pin(new InetAddress[] {
                InetAddress.getByAddress("rebind.example", new byte[] {127, 0, 0, 1})}));
        assertEquals("8.8.4.4", plainHttp.pin(new InetAddress[] {
                InetAddress.getByAddress("ok.example", new byte[] {8, 8, 4, 4})}).getHostAddress());
        // "localhost" resolves through the hosts file (no network): pinned to that address when loopback is allowed.
        PinnedDestination pinned = LOCAL.resolve("http://localhost:9/a/b?c=d");
        assertTrue(pinned.address().isLoopbackAddress());
        assertEquals("localhost", pinned.host());
        assertEquals(9, pinned.port());
        assertEquals("/a/b?c=d", pinned.requestUri());
        assertThrows(ForbiddenDestinationException.class, () -> LOCAL.resolve("http://no-such-host.invalid/hook"));
        PinnedDestination literal = PRODUCTION.resolve("https://[2606:4700:4700::1111]/hook");
        assertEquals("2606:4700:4700::1111", literal.host());
        assertTrue(literal.ssl());
        assertEquals(443, literal.port());
    }

    private static void assertUrlRefused(DestinationPolicy policy, String url, String reasonFragment) {
        try {
            policy.validateUrl(url);
            fail("accepted " + url);
        } catch (ForbiddenDestinationException e) {
            assertTrue(e.getMessage().contains(reasonFragment), url + " -> " + e.getMessage());
        }
    }

    private static byte[] toBytes(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }
}
