package ai.babysea.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Starts real servers from the packaged binaries and reads {@code pg_settings}: the library under
 * {@link EmbeddedPostgresServer} passes {@code -F} and {@code synchronous_commit=off} by itself, so a server
 * started durable must have switched all three settings back on, and a test server must have them off.
 */
class EmbeddedPostgresDurabilityTest {

    @Test
    void durableServerFsyncsEveryCommit() {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(0, true, null)) {
            assertEquals(Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on"), settings(server));
        }
    }

    @Test
    void nonDurableServerSkipsFsync() {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(0, false, null)) {
            assertEquals(Map.of("fsync", "off", "synchronous_commit", "off", "full_page_writes", "off"), settings(server));
        }
    }

    private static Map<String, String> settings(EmbeddedPostgresServer server) {
        return Map.of("fsync", server.setting("fsync"), "synchronous_commit", server.setting("synchronous_commit"),
                "full_page_writes", server.setting("full_page_writes"));
    }
}
