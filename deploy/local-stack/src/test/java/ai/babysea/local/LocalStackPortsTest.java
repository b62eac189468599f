package ai.babysea.local;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.embedded.Ports;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The launcher refuses to start on a taken port and names it. */
class LocalStackPortsTest {

    @Test
    void namesEveryTakenPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            IllegalStateException error = assertThrows(IllegalStateException.class,
                    () -> LocalStack.checkPortsFree(Map.of("api", taken.getLocalPort(), "kafka", 0)));
            assertTrue(error.getMessage().contains("api port " + taken.getLocalPort()), error.getMessage());
            assertTrue(error.getMessage().contains("BABYSEA_"), "tells how to choose other ports: " + error.getMessage());
        }
    }

    @Test
    void acceptsFreeAndRandomPorts() {
        assertDoesNotThrow(() -> LocalStack.checkPortsFree(Map.of("api", Ports.free(), "kafka", 0)));
    }
}
