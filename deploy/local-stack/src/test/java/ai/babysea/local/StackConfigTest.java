package ai.babysea.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The launcher's settings from the environment: defaults (durable PostgreSQL among them) and overrides. */
class StackConfigTest {
    private static final Path ROOT = Path.of("/repo");

    @Test
    void anEmptyEnvironmentGivesTheDocumentedDefaultsWithDurablePostgres() {
        StackConfig config = StackConfig.fromEnvironment(ROOT, name -> null);
        assertTrue(config.durablePostgres(), "the local stack is durable unless told otherwise");
        assertEquals(8080, config.apiPort());
        assertEquals(9092, config.kafkaPort());
        assertEquals(15432, config.postgresPort());
        assertEquals(15433, config.workerPostgresPort());
        assertEquals(1500, config.simulatorLatencyMs());
        assertEquals(8084, config.consolePort());
    }

    @Test
    void blankValuesAreUnsetAndOverridesApply() {
        Map<String, String> env = Map.of("BABYSEA_DURABLE_POSTGRES", "false", "BABYSEA_API_PORT", "18080",
                "BABYSEA_SIMULATOR_LATENCY_MS", " ", "BABYSEA_LOCAL_DIR", "/tmp/x", "BABYSEA_CONSOLE_PORT", "18084");
        StackConfig config = StackConfig.fromEnvironment(ROOT, env::get);
        assertFalse(config.durablePostgres());
        assertEquals(18080, config.apiPort());
        assertEquals(1500, config.simulatorLatencyMs());
        assertEquals(Path.of("/tmp/x"), config.workDirectory());
        assertEquals(18084, config.consolePort());
    }
}
