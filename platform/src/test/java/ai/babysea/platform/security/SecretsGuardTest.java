package ai.babysea.platform.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.LaunchMode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretsGuardTest {
    private static final String STRONG = "9f2c1e7a4b8d03f6a5c2e9b1d7f40a3c";

    private static void check(LaunchMode mode, boolean allow, String internal, String admin) {
        Map<String, String> values = new HashMap<>();
        values.put("babysea.internal.token", internal);
        values.put("babysea.api.admin-token", admin);
        SecretsGuard.check(mode, allow, name -> Optional.ofNullable(values.get(name)));
    }

    @Test
    void productionRefusesPublishedOrShortSecretsAndNamesThemWithoutTheirValues() {
        IllegalStateException published = assertThrows(IllegalStateException.class,
                () -> check(LaunchMode.NORMAL, false, "local-internal-token", null));
        assertTrue(published.getMessage().contains("babysea.internal.token is a published development value"), published.getMessage());
        assertFalse(published.getMessage().contains("local-internal-token"), "the value is never printed");
        IllegalStateException admin = assertThrows(IllegalStateException.class, () -> check(LaunchMode.NORMAL, false, STRONG, "local-admin-token"));
        assertTrue(admin.getMessage().contains("babysea.api.admin-token"), admin.getMessage());
        IllegalStateException shortToken = assertThrows(IllegalStateException.class, () -> check(LaunchMode.NORMAL, false, "s3cr3t-but-short", null));
        assertTrue(shortToken.getMessage().contains("shorter than 24"), shortToken.getMessage());
    }

    @Test
    void productionAcceptsStrongSecretsAndAnUnsetAdminToken() {
        assertDoesNotThrow(() -> check(LaunchMode.NORMAL, false, STRONG, null));
        assertDoesNotThrow(() -> check(LaunchMode.NORMAL, false, STRONG, ""));
        assertDoesNotThrow(() -> check(LaunchMode.NORMAL, false, STRONG, STRONG + "x"));
    }

    @Test
    void devTestAndAnExplicitLocalRunAreExempt() {
        assertDoesNotThrow(() -> check(LaunchMode.TEST, false, "local-internal-token", "test-admin-token"));
        assertDoesNotThrow(() -> check(LaunchMode.DEVELOPMENT, false, "local-internal-token", null));
        assertDoesNotThrow(() -> check(LaunchMode.NORMAL, true, "local-internal-token", "local-admin-token"));
    }
}
