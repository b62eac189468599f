package ai.babysea.harness.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the chaos run does to the stack: the launcher's control endpoint ({@code BABYSEA_CONTROL_PORT}: kill and start
 * services, restart the broker, kill and start PostgreSQL) and the routers' simulator faults
 * ({@code /internal/simulator/faults/{provider}}, set on every running router instance).
 */
final class StackControl {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String controlUrl;
    private final String internalToken;

    StackControl(String controlUrl, String internalToken) {
        this.controlUrl = controlUrl;
        this.internalToken = internalToken;
    }

    /** The launcher's view: services (port, pid, alive), PostgreSQL servers, Kafka, the simulator ledger file. */
    JsonNode status() {
        return call("GET", controlUrl, null, null, Duration.ofSeconds(30));
    }

    /** SIGKILLs a service; returns the control endpoint's answer. */
    JsonNode kill(String service) {
        return call("POST", controlUrl + "/services/" + service + "/kill", null, null, Duration.ofSeconds(60));
    }

    /** Starts a service (again) and returns once it is ready. */
    JsonNode start(String service) {
        return call("POST", controlUrl + "/services/" + service + "/start", null, null, Duration.ofSeconds(360));
    }

    /** Restarts the Kafka broker on its log directory. */
    JsonNode restartKafka() {
        return call("POST", controlUrl + "/kafka/restart", null, null, Duration.ofSeconds(180));
    }

    /** SIGKILLs a PostgreSQL server ({@code api} or {@code workers}). */
    JsonNode killPostgres(String server) {
        return call("POST", controlUrl + "/postgres/" + server + "/kill", null, null, Duration.ofSeconds(60));
    }

    /** Starts a killed PostgreSQL server again on its data directory and port. */
    JsonNode startPostgres(String server) {
        return call("POST", controlUrl + "/postgres/" + server + "/start", null, null, Duration.ofSeconds(180));
    }

    /** The file the simulated providers append every prediction to. */
    Path simulatorLedger() {
        return Path.of(status().path("simulator_ledger").asText());
    }

    /** Base URLs of the router instances that are running now. */
    List<String> routers() {
        List<String> urls = new ArrayList<>();
        status().path("services").fields().forEachRemaining(service -> {
            if (service.getKey().startsWith("router-service") && service.getValue().path("alive").asBoolean()) {
                urls.add("http://127.0.0.1:" + service.getValue().path("port").asInt());
            }
        });
        return urls;
    }

    /** Puts a simulator fault in force for a provider on every running router instance. */
    void fault(String provider, String mode, double rate) {
        for (String router : routers()) {
            call("PUT", router + "/internal/simulator/faults/" + provider, internalToken, Map.of("mode", mode, "rate", rate),
                    Duration.ofSeconds(30));
        }
    }

    /** Ends every simulator fault on every running router instance. */
    void clearFaults() {
        for (String router : routers()) {
            call("DELETE", router + "/internal/simulator/faults", internalToken, null, Duration.ofSeconds(30));
        }
    }

    private JsonNode call(String method, String url, String token, Object body, Duration timeout) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
