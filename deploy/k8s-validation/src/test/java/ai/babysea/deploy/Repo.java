package ai.babysea.deploy;

import ai.babysea.deploy.kustomize.Kustomize;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Locates the repository and renders the overlays (once per JVM). */
final class Repo {
    /** The documented regions; {@link #regions()} is what the tests run over (every overlay directory). */
    static final List<String> DOCUMENTED_REGIONS = List.of("us", "eu", "jp");
    private static final Map<String, List<ObjectNode>> RENDERED = new ConcurrentHashMap<>();

    private Repo() {
    }

    static Path root() {
        String configured = System.getProperty("babysea.repo.root");
        if (configured != null && Files.isDirectory(Path.of(configured, "deploy", "k8s"))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("deploy").resolve("k8s"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root (deploy/k8s)");
        }
        return p;
    }

    /** Every overlay under deploy/k8s/overlays: a new region is validated without touching the tests. */
    static List<String> regions() {
        try (java.util.stream.Stream<Path> dirs = Files.list(k8s().resolve("overlays"))) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Path k8s() {
        return root().resolve("deploy").resolve("k8s");
    }

    static Path overlay(String region) {
        return k8s().resolve("overlays").resolve(region);
    }

    /** The rendered overlay; callers get deep copies so that tests can break objects without affecting others. */
    static List<ObjectNode> rendered(String region) {
        return RENDERED.computeIfAbsent(region, r -> Kustomize.render(overlay(r))).stream()
                .map(ObjectNode::deepCopy).collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
    }

    static ObjectNode find(List<ObjectNode> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> o.path("kind").asText().equals(kind) && o.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }
}
