package ai.babysea.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The browser policy derived from the configuration: origins, the Content-Security-Policy, refusal of bad URLs. */
class ConsolePolicyTest {

    private static ConsoleConfig config(String base, List<String> apiOrigins, List<String> mediaOrigins) {
        return new ConsoleConfig() {
            @Override
            public String apiBaseUrl() {
                return base;
            }

            @Override
            public Optional<List<String>> apiOrigins() {
                return Optional.ofNullable(apiOrigins);
            }

            @Override
            public Optional<List<String>> mediaOrigins() {
                return Optional.ofNullable(mediaOrigins);
            }
        };
    }

    @Test
    void originsAreSchemeHostAndPortOnly() {
        assertEquals("https://api.us.babysea.example", ConsolePolicy.origin("HTTPS://API.us.babysea.example/v1/", "p"));
        assertEquals("http://127.0.0.1:8080", ConsolePolicy.origin("http://127.0.0.1:8080", "p"));
    }

    @Test
    void theDefaultBaseUrlLosesTrailingSlashesAndItsOriginIsAlwaysAllowed() {
        ConsolePolicy policy = ConsolePolicy.from(config("https://api.us.babysea.example//", List.of("https://api.eu.babysea.example"), null));
        assertEquals("https://api.us.babysea.example", policy.apiBaseUrl());
        assertEquals(List.of("https://api.us.babysea.example", "https://api.eu.babysea.example"), policy.connectOrigins());
        // without media origins, previews load from the API hosts (where /outputs/ is routed)
        assertEquals(policy.connectOrigins(), policy.mediaOrigins());
    }

    @Test
    void thePolicyAllowsOnlyOwnScriptsAndTheConfiguredOrigins() {
        ConsolePolicy policy = ConsolePolicy.from(config("http://127.0.0.1:8080", List.of(), List.of("http://127.0.0.1:8082")));
        String csp = policy.contentSecurityPolicy();
        assertTrue(csp.startsWith("default-src 'none'; script-src 'self'; style-src 'self';"), csp);
        assertTrue(csp.contains("connect-src 'self' http://127.0.0.1:8080;"), csp);
        assertTrue(csp.contains("img-src 'self' data: blob: http://127.0.0.1:8082;"), csp);
        assertTrue(csp.contains("media-src 'self' http://127.0.0.1:8082;"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'") && csp.contains("base-uri 'none'"), csp);
        assertFalse(csp.contains("unsafe"), csp);
    }

    @Test
    void aMalformedOrForeignSchemeUrlStopsTheStart() {
        assertThrows(IllegalArgumentException.class, () -> ConsolePolicy.from(config("api.us.babysea.example", null, null)));
        assertThrows(IllegalArgumentException.class, () -> ConsolePolicy.from(config("javascript:alert(1)", null, null)));
        assertThrows(IllegalArgumentException.class, () -> ConsolePolicy.from(config("https://user:pw@api.example", null, null)));
        assertThrows(IllegalArgumentException.class,
                () -> ConsolePolicy.from(config("https://api.example", List.of("https://ok.example; script-src *"), null)));
        assertThrows(IllegalArgumentException.class, () -> ConsolePolicy.from(config("https://api.example", null, List.of("*"))));
    }
}
