package ai.babysea.deploy;

import ai.babysea.deploy.kustomize.Kustomize;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The service images (deploy/docker/&lt;service&gt;.Dockerfile) agree with the Deployments: pinned Temurin 17 JRE base,
 * the same non-root uid, the same port, the Quarkus fast-jar copied from target/quarkus-app, exec-form entrypoint.
 * (Docker is not available here: the images themselves are not built by the test suite.)
 */
class DockerfileTest {

    static List<String> check(String dockerfile, int uid, int port) {
        List<String> out = new ArrayList<>();
        List<String> lines = dockerfile.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        List<String> from = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        if (from.size() != 1) {
            out.add("expected one FROM, found " + from.size());
        } else {
            Kustomize.ImageRef base = Kustomize.ImageRef.parse(from.get(0).substring(5).trim());
            if (!base.name().equals("eclipse-temurin") || base.tag() == null || !base.tag().startsWith("17.")
                    || !base.tag().contains("-jre")) {
                out.add("base image is not a pinned eclipse-temurin 17 JRE tag: " + from.get(0));
            }
        }
        List<String> user = lines.stream().filter(l -> l.startsWith("USER ")).toList();
        if (user.isEmpty() || !user.get(user.size() - 1).substring(5).trim().split(":")[0].equals(String.valueOf(uid)) || uid == 0) {
            out.add("the last USER is not uid " + uid + ": " + user);
        }
        if (lines.stream().noneMatch(l -> l.equals("EXPOSE " + port))) {
            out.add("no EXPOSE " + port);
        }
        if (lines.stream().noneMatch(l -> l.startsWith("COPY target/quarkus-app/"))) {
            out.add("does not copy target/quarkus-app");
        }
        List<String> entry = lines.stream().filter(l -> l.startsWith("ENTRYPOINT ")).toList();
        if (entry.size() != 1 || !entry.get(0).matches("ENTRYPOINT \\[\"java\".*\"/deployments/quarkus-run.jar\"\\]")) {
            out.add("ENTRYPOINT is not the exec form running /deployments/quarkus-run.jar: " + entry);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"api-service", "ledger-service", "router-service", "webhook-service", "console"})
    void dockerfileMatchesTheDeployment(String service) throws IOException {
        ObjectNode d = Repo.find(Repo.rendered("us"), "Deployment", service);
        JsonNode pod = d.path("spec").path("template").path("spec");
        int uid = pod.path("securityContext").path("runAsUser").asInt();
        int port = pod.path("containers").get(0).path("ports").get(0).path("containerPort").asInt();
        String text = Files.readString(Repo.root().resolve("deploy/docker/" + service + ".Dockerfile"));
        assertEquals(List.of(), check(text, uid, port));
    }

    @Test
    void brokenDockerfilesAreCaught() {
        String good = """
                FROM eclipse-temurin:17.0.15_6-jre-jammy
                COPY target/quarkus-app/lib/ /deployments/lib/
                USER 10001:10001
                EXPOSE 8080
                ENTRYPOINT ["java", "-jar", "/deployments/quarkus-run.jar"]
                """;
        assertEquals(List.of(), check(good, 10001, 8080));
        assertFalse(check(good.replace("17.0.15_6-jre-jammy", "latest"), 10001, 8080).isEmpty());
        assertFalse(check(good.replace(":17.0.15_6-jre-jammy", ""), 10001, 8080).isEmpty());
        assertFalse(check(good.replace("USER 10001:10001", "USER root"), 10001, 8080).isEmpty());
        assertFalse(check(good, 10001, 8081).isEmpty());
        assertFalse(check(good.replace("ENTRYPOINT [\"java\", \"-jar\", \"/deployments/quarkus-run.jar\"]",
                "ENTRYPOINT java -jar /deployments/quarkus-run.jar"), 10001, 8080).isEmpty());
    }
}
