package ai.babysea.deploy;

import ai.babysea.deploy.kustomize.Kustomize;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every overlay renders, and the region-specific values land where they should. */
class OverlayRenderTest {
    private static final List<String> SERVICES = List.of("api-service", "ledger-service", "router-service", "webhook-service", "console");

    @org.junit.jupiter.api.Test
    void everyDocumentedRegionHasAnOverlay() {
        assertTrue(Repo.regions().containsAll(Repo.DOCUMENTED_REGIONS), Repo.regions().toString());
    }

    @ParameterizedTest
    @MethodSource("ai.babysea.deploy.Repo#regions")
    void overlayRendersEveryServiceWithItsObjects(String region) {
        List<ObjectNode> objects = Repo.rendered(region);
        for (String s : SERVICES) {
            for (String kind : List.of("Deployment", "Service", "ServiceAccount", "PodDisruptionBudget", "NetworkPolicy")) {
                Repo.find(objects, kind, s);
            }
            Repo.find(objects, "ConfigMap", s + "-config");
        }
        Repo.find(objects, "HorizontalPodAutoscaler", "api-service");
        Repo.find(objects, "HorizontalPodAutoscaler", "webhook-service");
        Repo.find(objects, "HorizontalPodAutoscaler", "console");
        Repo.find(objects, "ScaledObject", "router-service");
        Repo.find(objects, "Kafka", "babysea");
        Repo.find(objects, "KafkaNodePool", "controller");
        Repo.find(objects, "KafkaNodePool", "broker");
        Repo.find(objects, "Cluster", "babysea-pg");
        Repo.find(objects, "RedisReplication", "babysea-redis");
        Repo.find(objects, "RedisSentinel", "babysea-redis");
        Repo.find(objects, "Ingress", "babysea-public");
        Set<String> databases = new HashSet<>();
        ManifestRules.ofKind(objects, "Database").forEach(d -> databases.add(d.path("spec").path("name").asText()));
        assertEquals(Set.of("api", "ledger", "router", "webhook"), databases);
        Set<String> topics = new HashSet<>();
        ManifestRules.ofKind(objects, "KafkaTopic").forEach(t -> topics.add(t.path("spec").path("topicName").asText()));
        assertTrue(topics.containsAll(List.of("generation.requests", "generation.dispatch", "generation.events",
                "ledger.events", "ledger.commands", "router-service.generation.dispatch.dlq")), topics.toString());
    }

    @ParameterizedTest
    @MethodSource("ai.babysea.deploy.Repo#regions")
    void regionSettingsAreApplied(String region) {
        List<ObjectNode> objects = Repo.rendered(region);
        String host = "api." + region + ".babysea.example";
        assertEquals(region, Repo.find(objects, "ConfigMap", "babysea-common").path("data").path("BABYSEA_REGION").asText());
        ObjectNode ingress = Repo.find(objects, "Ingress", "babysea-public");
        assertEquals(host, ingress.path("spec").path("rules").get(0).path("host").asText());
        assertEquals(host, ingress.path("spec").path("tls").get(0).path("hosts").get(0).asText());
        // the console: its own host, the region's API as its default, and that API admits exactly it (CORS)
        String console = "console." + region + ".babysea.example";
        assertEquals(console, ingress.path("spec").path("rules").get(1).path("host").asText());
        assertEquals(console, ingress.path("spec").path("tls").get(1).path("hosts").get(0).asText());
        assertEquals("https://" + host, Repo.find(objects, "ConfigMap", "console-config").path("data").path("CONSOLE_API_BASE_URL").asText());
        assertEquals("https://" + host, Repo.find(objects, "ConfigMap", "console-config").path("data").path("CONSOLE_MEDIA_ORIGINS").asText());
        assertEquals("https://" + console, Repo.find(objects, "ConfigMap", "api-service-config").path("data").path("API_CORS_ORIGINS").asText());
        assertEquals("https://" + host,
                Repo.find(objects, "ConfigMap", "router-service-config").path("data").path("ROUTER_PUBLIC_BASE_URL").asText());
        assertEquals("https://" + host, Repo.find(objects, "ConfigMap", "router-service-config").path("data")
                .path("BABYSEA_ROUTER_WEBHOOK_BASE_URL").asText());
        assertEquals("s3://babysea-backups-" + region + "/pg", Repo.find(objects, "Cluster", "babysea-pg")
                .path("spec").path("backup").path("barmanObjectStore").path("destinationPath").asText());
        for (ObjectNode o : objects) {
            String what = o.path("kind").asText() + " " + o.path("metadata").path("name").asText();
            assertEquals(region, o.path("metadata").path("labels").path("babysea.ai/region").asText(), what);
            assertEquals("babysea", o.path("metadata").path("labels").path("app.kubernetes.io/part-of").asText(), what);
            if (!o.path("kind").asText().equals("Namespace")) {
                assertEquals("babysea", o.path("metadata").path("namespace").asText(), what);
            }
        }
        for (ObjectNode d : ManifestRules.ofKind(objects, "Deployment")) {
            JsonNode labels = d.path("spec").path("template").path("metadata").path("labels");
            assertEquals(region, labels.path("babysea.ai/region").asText(), "pod template labels of " + d.path("metadata"));
            // labels never touch selectors (includeSelectors: false): selectors stay immutable across overlays
            assertEquals(1, d.path("spec").path("selector").path("matchLabels").size());
            String image = d.path("spec").path("template").path("spec").path("containers").get(0).path("image").asText();
            assertEquals("ghcr.io/babysea-ai/" + d.path("metadata").path("name").asText() + ":0.1.0", image);
        }
    }

    @ParameterizedTest
    @MethodSource("ai.babysea.deploy.Repo#regions")
    void overlayPatchesMergeInsteadOfReplacing(String region) {
        List<ObjectNode> objects = Repo.rendered(region);
        ObjectNode router = Repo.find(objects, "Deployment", "router-service");
        JsonNode container = router.path("spec").path("template").path("spec").path("containers").get(0);
        // the resources patch merged into the container by name: probes, env and image survive
        assertTrue(container.has("startupProbe"));
        assertTrue(container.path("env").size() >= 10);
        assertTrue(container.path("resources").path("limits").has("memory"));
        ObjectNode so = Repo.find(objects, "ScaledObject", "router-service");
        assertEquals("kafka", so.path("spec").path("triggers").get(0).path("type").asText());
        ObjectNode hpa = Repo.find(objects, "HorizontalPodAutoscaler", "api-service");
        assertEquals(1, hpa.path("spec").path("metrics").size());
        ObjectNode common = Repo.find(objects, "ConfigMap", "babysea-common");
        assertEquals("babysea-kafka-bootstrap:9092", common.path("data").path("KAFKA_BOOTSTRAP_SERVERS").asText());
        ObjectNode ledger = Repo.find(objects, "Deployment", "ledger-service");
        assertTrue(ledger.path("spec").path("replicas").asInt() >= 2);
    }

    @ParameterizedTest
    @MethodSource("ai.babysea.deploy.Repo#regions")
    void printedOutputReadsBackToTheSameObjects(String region) {
        // what `Kustomize.main` prints (for kubectl apply -f -) must keep every type: "8082" stays a string
        List<ObjectNode> objects = Repo.rendered(region);
        String yaml = Kustomize.toYaml(objects);
        List<JsonNode> back = Kustomize.readYaml(yaml, region);
        assertEquals(objects, back);
        assertTrue(yaml.contains("lagThreshold: \"50\""), "numeric-looking strings are quoted");
    }

    @org.junit.jupiter.api.Test
    void regionsDifferInSize() {
        int us = Repo.find(Repo.rendered("us"), "ScaledObject", "router-service").path("spec").path("maxReplicaCount").asInt();
        int jp = Repo.find(Repo.rendered("jp"), "ScaledObject", "router-service").path("spec").path("maxReplicaCount").asInt();
        assertTrue(us > jp, "us " + us + " jp " + jp);
        assertEquals(4, Repo.find(Repo.rendered("us"), "Deployment", "ledger-service").path("spec").path("replicas").asInt());
        assertEquals(5, Repo.find(Repo.rendered("us"), "KafkaNodePool", "broker").path("spec").path("replicas").asInt());
    }
}
