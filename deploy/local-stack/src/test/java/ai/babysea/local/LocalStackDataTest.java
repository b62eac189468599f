package ai.babysea.local;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A killed stack's PostgreSQL data is removed at the next start; a live server's data and the logs are kept. */
class LocalStackDataTest {

    @Test
    void removesOnlyDeadServersData(@TempDir Path work) throws Exception {
        Path noPidFile = dataDirectory(work, "postgres-1", null);
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        Path deadServer = dataDirectory(work, "postgres-workers-2", finished.pid());
        Path liveServer = dataDirectory(work, "postgres-3", ProcessHandle.current().pid());
        Path logs = Files.createDirectories(work.resolve("logs"));
        Files.writeString(logs.resolve("api-service.log"), "kept");

        LocalStack.removeStaleData(work);

        assertFalse(Files.exists(noPidFile), "stopped server's data removed");
        assertFalse(Files.exists(deadServer), "killed server's data removed");
        assertTrue(Files.exists(liveServer.resolve("base/1/file")), "a running server's data is kept");
        assertTrue(Files.exists(logs.resolve("api-service.log")), "logs are kept");
    }

    @Test
    void aMissingWorkDirectoryIsFine(@TempDir Path work) {
        LocalStack.removeStaleData(work.resolve("not-yet"));
    }

    private static Path dataDirectory(Path work, String name, Long pid) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name).resolve("base/1"));
        Files.writeString(dir.resolve("file"), "data");
        if (pid != null) {
            Files.writeString(work.resolve(name).resolve("postmaster.pid"), pid + "\n/data\n");
        }
        return work.resolve(name);
    }
}
