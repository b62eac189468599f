package ai.babysea.deploy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The deployment rules on every overlay, and for each rule a deliberately broken object it must catch. */
class ManifestRulesTest {

    private static List<ObjectNode> us() {
        return Repo.rendered("us");
    }

    private static ObjectNode container(List<ObjectNode> objects, String deployment) {
        return (ObjectNode) Repo.find(objects, "Deployment", deployment)
                .path("spec").path("template").path("spec").path("containers").get(0);
    }

    /** The rule passes on the real overlay and fails once the object is broken. */
    private static void catches(Function<List<ObjectNode>, List<String>> rule, java.util.function.Consumer<List<ObjectNode>> breaker) {
        List<ObjectNode> objects = us();
        assertEquals(List.of(), rule.apply(objects), "the real overlay must pass");
        breaker.accept(objects);
        assertFalse(rule.apply(objects).isEmpty(), "the broken object must be caught");
    }

    @ParameterizedTest
    @MethodSource("ai.babysea.deploy.Repo#regions")
    void everyOverlayFollowsTheRules(String region) {
        List<ObjectNode> objects = Repo.rendered(region);
        List<String> violations = new ArrayList<>();
        violations.addAll(ManifestRules.probes(objects));
        violations.addAll(ManifestRules.resources(objects));
        violations.addAll(ManifestRules.securityContext(objects));
        violations.addAll(ManifestRules.images(objects));
        violations.addAll(ManifestRules.secrets(objects));
        violations.addAll(ManifestRules.keda(objects, RouterConsumer.fromRepository()));
        violations.addAll(ManifestRules.autoscaledReplicas(objects));
        violations.addAll(ManifestRules.exposure(objects));
        violations.addAll(ManifestRules.references(objects));
        violations.addAll(ManifestRules.topics(objects, requiredTopics()));
        violations.addAll(ManifestRules.environment(objects, services()));
        violations.addAll(ManifestRules.environment(objects, List.of(ServiceConfig.of("console"))));
        violations.addAll(ManifestRules.ledgerConsumers(objects, ServiceConfig.of("ledger-service")));
        violations.addAll(ManifestRules.connections(objects, services()));
        violations.addAll(ManifestRules.wiring(objects));
        violations.addAll(ManifestRules.availability(objects));
        violations.addAll(ManifestRules.objectStorage(objects));
        violations.addAll(ManifestRules.redis(objects));
        assertEquals(List.of(), violations);
    }

    @Test
    void objectStorageOutsideTheRegionIsCaught() {
        catches(ManifestRules::objectStorage, objects -> ((ObjectNode) Repo.find(objects, "ConfigMap", "router-service-config")
                .path("data")).put("ROUTER_S3_BUCKET", "babysea-outputs"));
        catches(ManifestRules::objectStorage, objects -> ((ObjectNode) Repo.find(objects, "ConfigMap", "router-service-config")
                .path("data")).put("ROUTER_S3_ENDPOINT", "https://s3.eu-central-1.amazonaws.com"));
        catches(ManifestRules::objectStorage, objects -> ((ObjectNode) Repo.find(objects, "ConfigMap", "router-service-config")
                .path("data")).remove("ROUTER_S3_ENDPOINT"));
    }

    @Test
    void everyRegionHasItsOwnBucket() {
        List<String> buckets = Repo.regions().stream()
                .map(region -> Repo.find(Repo.rendered(region), "ConfigMap", "router-service-config").path("data")
                        .path("ROUTER_S3_BUCKET").asText())
                .toList();
        assertEquals(buckets.size(), buckets.stream().distinct().count(), "one bucket per region: " + buckets);
    }

    @Test
    void missingStartupProbeIsCaught() {
        catches(ManifestRules::probes, o -> container(o, "router-service").remove("startupProbe"));
    }

    @Test
    void probeOnTheWrongEndpointIsCaught() {
        catches(ManifestRules::probes, o -> ((ObjectNode) container(o, "api-service").path("readinessProbe").path("httpGet"))
                .put("path", "/q/health/live"));
    }

    @Test
    void missingMemoryLimitIsCaught() {
        catches(ManifestRules::resources, o -> ((ObjectNode) container(o, "webhook-service").path("resources").path("limits"))
                .remove("memory"));
    }

    @Test
    void rootUserIsCaught() {
        catches(ManifestRules::securityContext, o -> ((ObjectNode) Repo.find(o, "Deployment", "ledger-service")
                .path("spec").path("template").path("spec").path("securityContext")).put("runAsUser", 0));
    }

    @Test
    void writableRootFilesystemIsCaught() {
        catches(ManifestRules::securityContext, o -> ((ObjectNode) container(o, "api-service").path("securityContext"))
                .put("readOnlyRootFilesystem", false));
    }

    @Test
    void privilegeEscalationAndCapabilitiesAreCaught() {
        catches(ManifestRules::securityContext, o -> ((ObjectNode) container(o, "api-service").path("securityContext"))
                .remove("allowPrivilegeEscalation"));
        catches(ManifestRules::securityContext, o -> ((ObjectNode) container(o, "api-service").path("securityContext")
                .path("capabilities")).putArray("add").add("NET_ADMIN"));
    }

    @Test
    void nonRootOffAtBothLevelsIsCaught() {
        catches(ManifestRules::securityContext, o -> {
            ((ObjectNode) Repo.find(o, "Deployment", "router-service").path("spec").path("template").path("spec")
                    .path("securityContext")).remove("runAsNonRoot");
            ((ObjectNode) container(o, "router-service").path("securityContext")).remove("runAsNonRoot");
        });
    }

    @Test
    void missingGracefulShutdownIsCaught() {
        catches(ManifestRules::securityContext, o -> container(o, "router-service").remove("lifecycle"));
        catches(ManifestRules::securityContext, o -> ((ObjectNode) Repo.find(o, "Deployment", "api-service")
                .path("spec").path("template").path("spec")).remove("terminationGracePeriodSeconds"));
    }

    @Test
    void missingTmpVolumeIsCaught() {
        catches(ManifestRules::securityContext, o -> container(o, "ledger-service").remove("volumeMounts"));
    }

    @Test
    void latestOrUntaggedImagesAreCaught() {
        catches(ManifestRules::images, o -> container(o, "api-service").put("image", "ghcr.io/babysea-ai/api-service:latest"));
        catches(ManifestRules::images, o -> container(o, "api-service").put("image", "ghcr.io/babysea-ai/api-service"));
        catches(ManifestRules::images, o -> ((ObjectNode) Repo.find(o, "Cluster", "babysea-pg").get("spec"))
                .put("imageName", "ghcr.io/cloudnative-pg/postgresql"));
        // a registry port is not a tag
        catches(ManifestRules::images, o -> container(o, "api-service").put("image", "registry.local:5000/api-service"));
    }

    @Test
    void digestPinnedImageIsAccepted() {
        List<ObjectNode> o = us();
        container(o, "api-service").put("image", "ghcr.io/babysea-ai/api-service@sha256:" + "a".repeat(64));
        assertEquals(List.of(), ManifestRules.images(o));
    }

    @Test
    void secretWithDataIsCaught() {
        catches(ManifestRules::secrets, o -> {
            ObjectNode secret = o.get(0).objectNode();
            secret.put("apiVersion", "v1").put("kind", "Secret").putObject("metadata").put("name", "babysea-internal-token");
            secret.putObject("stringData").put("token", "hunter2");
            o.add(secret);
        });
    }

    @Test
    void literalCredentialInEnvOrConfigMapIsCaught() {
        catches(ManifestRules::secrets, o -> ((ArrayNode) container(o, "router-service").path("env")).addObject()
                .put("name", "FAL_KEY").put("value", "fal-123"));
        catches(ManifestRules::secrets, o -> ((ObjectNode) Repo.find(o, "ConfigMap", "api-service-config").path("data"))
                .put("API_DB_PASSWORD", "api"));
    }

    @Test
    void kedaTriggerMustMatchTheRoutersConsumer() {
        RouterConsumer router = RouterConsumer.fromRepository();
        catches(o -> ManifestRules.keda(o, router), o -> ((ObjectNode) Repo.find(o, "ScaledObject", "router-service")
                .path("spec").path("triggers").get(0).path("metadata")).put("consumerGroup", "router"));
        catches(o -> ManifestRules.keda(o, router), o -> ((ObjectNode) Repo.find(o, "ScaledObject", "router-service")
                .path("spec").path("triggers").get(0).path("metadata")).put("topic", "generation.events"));
        // and when the router's configuration changes, the unchanged trigger no longer matches
        assertFalse(ManifestRules.keda(us(), new RouterConsumer("generation.dispatch", "router-v2", "test")).isEmpty());
    }

    @Test
    void kedaMaxReplicasAbovePartitionsIsCaught() {
        catches(o -> ManifestRules.keda(o, RouterConsumer.fromRepository()),
                o -> ((ObjectNode) Repo.find(o, "ScaledObject", "router-service").get("spec")).put("maxReplicaCount", 49));
        catches(o -> ManifestRules.keda(o, RouterConsumer.fromRepository()),
                o -> ((ObjectNode) Repo.find(o, "KafkaTopic", "generation-dispatch").get("spec")).put("partitions", 8));
        // without maxReplicaCount KEDA's default (100) applies
        catches(o -> ManifestRules.keda(o, RouterConsumer.fromRepository()),
                o -> ((ObjectNode) Repo.find(o, "ScaledObject", "router-service").get("spec")).remove("maxReplicaCount"));
    }

    @Test
    void autoscaledDeploymentWithReplicasIsCaught() {
        catches(ManifestRules::autoscaledReplicas, o -> ((ObjectNode) Repo.find(o, "Deployment", "router-service").get("spec"))
                .put("replicas", 3));
    }

    @Test
    void exposureRulesCatchWrongRoutesAndPeers() {
        catches(ManifestRules::exposure, o -> ((ObjectNode) Repo.find(o, "Ingress", "babysea-public").path("spec").path("rules")
                .get(0).path("http").path("paths").get(1).path("backend").path("service")).put("name", "ledger-service"));
        catches(ManifestRules::exposure, o -> ((ObjectNode) Repo.find(o, "Ingress", "babysea-public").path("spec").path("rules")
                .get(0).path("http").path("paths").get(0)).put("path", "/internal/"));
        // "/" to the API would publish /q/metrics and /q/health
        catches(ManifestRules::exposure, o -> ((ObjectNode) Repo.find(o, "Ingress", "babysea-public").path("spec").path("rules")
                .get(0).path("http").path("paths").get(2)).put("path", "/"));
        catches(ManifestRules::exposure, o -> ((ObjectNode) Repo.find(o, "NetworkPolicy", "ledger-service").path("spec")
                .path("ingress").get(0).path("from").get(0).path("podSelector").path("matchLabels"))
                .put("app.kubernetes.io/name", "webhook-service"));
        catches(ManifestRules::exposure, o -> ((ArrayNode) Repo.find(o, "NetworkPolicy", "webhook-service").path("spec")
                .path("ingress")).addObject().putArray("from").addObject().putObject("namespaceSelector")
                .putObject("matchLabels").put("kubernetes.io/metadata.name", "ingress-nginx"));
        catches(ManifestRules::exposure, o -> o.remove(Repo.find(o, "NetworkPolicy", "router-service")));
        // the console only at "/" of its host, and never with its health port behind the routed Service
        catches(ManifestRules::exposure, o -> ((ObjectNode) Repo.find(o, "Ingress", "babysea-public").path("spec").path("rules")
                .get(1).path("http").path("paths").get(0)).put("path", "/q/"));
        catches(ManifestRules::exposure, o -> ((ArrayNode) Repo.find(o, "Service", "console").path("spec").path("ports")).addObject()
                .put("name", "management").put("port", 9000).put("targetPort", "management"));
        catches(ManifestRules::exposure, o -> o.remove(Repo.find(o, "NetworkPolicy", "console")));
    }

    private static List<ServiceConfig> services() {
        return ServiceConfig.SERVICES.stream().map(ServiceConfig::of).toList();
    }

    private static java.util.Set<String> requiredTopics() {
        java.util.Set<String> topics = new java.util.TreeSet<>(ServiceConfig.contractTopics());
        services().forEach(s -> topics.addAll(s.topics()));
        return topics;
    }

    @Test
    void servicesTopicsAndVariablesAreReadFromTheRepository() {
        // guards the two checks below against reading nothing
        assertTrue(requiredTopics().containsAll(List.of("generation.dispatch", "router-service.generation.dispatch.dlq",
                "generation.requests", "ledger.commands")), requiredTopics().toString());
        assertTrue(ServiceConfig.of("api-service").variables().contains("API_DB_URL"));
    }

    @Test
    void missingTopicIsCaught() {
        catches(o -> ManifestRules.topics(o, requiredTopics()), o -> o.remove(Repo.find(o, "KafkaTopic", "ledger-service-ledger-commands-dlq")));
        catches(o -> ManifestRules.topics(o, requiredTopics()), o -> ((ObjectNode) Repo.find(o, "KafkaTopic", "ledger-events")
                .get("spec")).put("topicName", "ledger-events"));
    }

    @Test
    void missingProductionVariableIsCaught() {
        catches(o -> ManifestRules.environment(o, List.of(ServiceConfig.of("console"))), o -> ((ObjectNode) Repo.find(o, "ConfigMap",
                "console-config").get("data")).remove("CONSOLE_API_BASE_URL"));
        catches(o -> ManifestRules.environment(o, services()), o -> ((ObjectNode) Repo.find(o, "ConfigMap", "api-service-config")
                .get("data")).remove("LEDGER_URL"));
        catches(o -> ManifestRules.environment(o, services()), o -> ((ArrayNode) container(o, "ledger-service").get("env")).remove(1));
        catches(o -> ManifestRules.environment(o, services()), o -> ((ObjectNode) Repo.find(o, "ConfigMap", "babysea-common")
                .get("data")).remove("KAFKA_BOOTSTRAP_SERVERS"));
    }

    @Test
    void tooManyLedgerConsumersAreCaught() {
        ServiceConfig ledger = ServiceConfig.of("ledger-service");
        catches(o -> ManifestRules.ledgerConsumers(o, ledger), o -> ((ObjectNode) Repo.find(o, "Deployment", "ledger-service")
                .get("spec")).put("replicas", 25));
        if (ledger.consumersPerInstance("generation.requests", java.util.Map.of()) > 0) {
            // the per-instance concurrency counts too: 4 replicas x 7 consumers > 24 partitions
            catches(o -> ManifestRules.ledgerConsumers(o, ledger), o -> ((ObjectNode) Repo.find(o, "ConfigMap", "ledger-service-config")
                    .get("data")).put("LEDGER_REQUEST_CONSUMERS", "7"));
        }
    }

    @Test
    void tooManyDatabaseConnectionsAreCaught() {
        catches(o -> ManifestRules.connections(o, services()), o -> ((ObjectNode) Repo.find(o, "ConfigMap", "router-service-config")
                .get("data")).put("QUARKUS_DATASOURCE_JDBC_MAX_SIZE", "32"));
        catches(o -> ManifestRules.connections(o, services()), o -> ((ObjectNode) Repo.find(o, "HorizontalPodAutoscaler", "api-service")
                .get("spec")).put("maxReplicas", 40));
        catches(o -> ManifestRules.connections(o, services()), o -> ((ObjectNode) Repo.find(o, "Cluster", "babysea-pg")
                .path("spec").path("postgresql").path("parameters")).put("max_connections", "400"));
        // without the ConfigMap setting, the service's own pool size (32 today) applies
        catches(o -> ManifestRules.connections(o, services()), o -> ((ObjectNode) Repo.find(o, "ConfigMap", "api-service-config")
                .get("data")).remove("QUARKUS_DATASOURCE_JDBC_MAX_SIZE"));
    }

    @Test
    void miswiredServicesAreCaught() {
        catches(ManifestRules::wiring, o -> ((ObjectNode) Repo.find(o, "ConfigMap", "babysea-common").get("data"))
                .put("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"));
        catches(ManifestRules::wiring, o -> ((ObjectNode) Repo.find(o, "ScaledObject", "router-service").path("spec").path("triggers")
                .get(0).path("metadata")).put("bootstrapServers", "babysea-kafka-bootstrap:9092"));
        catches(ManifestRules::wiring, o -> ((ObjectNode) Repo.find(o, "ConfigMap", "ledger-service-config").get("data"))
                .put("LEDGER_DB_URL", "jdbc:postgresql://babysea-pg-rw:5432/ledgers"));
        catches(ManifestRules::wiring, o -> ((ObjectNode) Repo.find(o, "ConfigMap", "webhook-service-config").get("data"))
                .put("WEBHOOK_DB_URL", "jdbc:postgresql://babysea-pg-ro:5432/webhook"));
        catches(ManifestRules::wiring, o -> ((ObjectNode) Repo.find(o, "ConfigMap", "api-service-config").get("data"))
                .put("ROUTER_URL", "http://router-service:8080"));
    }

    @Test
    void singlePointsOfFailureAreCaught() {
        catches(ManifestRules::availability, o -> ((ObjectNode) Repo.find(o, "HorizontalPodAutoscaler", "webhook-service")
                .get("spec")).put("minReplicas", 1));
        catches(ManifestRules::availability, o -> ((ObjectNode) Repo.find(o, "Deployment", "ledger-service")
                .get("spec")).put("replicas", 1));
        catches(ManifestRules::availability, o -> ((ObjectNode) Repo.find(o, "KafkaNodePool", "controller")
                .get("spec")).put("replicas", 2));
        catches(ManifestRules::availability, o -> ((ObjectNode) Repo.find(o, "KafkaTopic", "generation-events")
                .path("spec").path("config")).put("min.insync.replicas", 3));
        catches(ManifestRules::availability, o -> ((ObjectNode) Repo.find(o, "KafkaTopic", "generation-events")
                .get("spec")).put("replicas", 6));
    }

    private static ObjectNode redisSpec(List<ObjectNode> objects, String kind) {
        return (ObjectNode) Repo.find(objects, kind, "babysea-redis").get("spec");
    }

    @Test
    void redisWithoutFailoverIsCaught() {
        catches(ManifestRules::redis, o -> redisSpec(o, "RedisReplication").put("clusterSize", 1));
        catches(ManifestRules::redis, o -> ((ObjectNode) redisSpec(o, "RedisSentinel").get("redisSentinelConfig"))
                .put("redisReplicationName", "another-redis"));
        catches(ManifestRules::redis, o -> redisSpec(o, "RedisSentinel").put("clusterSize", 2));
        catches(ManifestRules::redis, o -> ((ObjectNode) redisSpec(o, "RedisSentinel").get("redisSentinelConfig")).put("quorum", "1"));
        catches(ManifestRules::redis, o -> o.remove(Repo.find(o, "RedisReplication", "babysea-redis")));
    }

    @Test
    void miswiredRedisIsCaught() {
        catches(ManifestRules::redis, o -> ((ObjectNode) Repo.find(o, "ConfigMap", "api-service-config").get("data"))
                .put("REDIS_URL", "redis://babysea-redis:6379"));
        catches(ManifestRules::redis, o -> ((ObjectNode) Repo.find(o, "ConfigMap", "api-service-config").get("data"))
                .put("API_LIMITS_BACKEND", "in-process"));
        catches(ManifestRules::redis, o -> {
            for (var env : container(o, "api-service").path("env")) {
                if (env.path("name").asText().equals("QUARKUS_REDIS_PASSWORD")) {
                    ((ObjectNode) env.path("valueFrom").path("secretKeyRef")).put("name", "babysea-api-redis");
                }
            }
        });
        catches(ManifestRules::redis, o -> ((ObjectNode) redisSpec(o, "RedisSentinel").path("redisSentinelConfig")
                .path("redisReplicationPassword").path("secretKeyRef")).put("key", "url"));
        catches(ManifestRules::redis, o -> ((ObjectNode) redisSpec(o, "RedisReplication").get("kubernetesConfig")).remove("redisSecret"));
        catches(ManifestRules::redis, o -> {
            for (var rule : Repo.find(o, "NetworkPolicy", "api-service").path("spec").path("egress")) {
                for (var peer : rule.path("to")) {
                    if (peer.path("podSelector").path("matchLabels").has("role")) {
                        ((ObjectNode) peer.path("podSelector").path("matchLabels")).put("role", "sentinel");
                    }
                }
            }
        });
    }

    @Test
    void unhardenedRedisIsCaught() {
        catches(ManifestRules::redis, o -> ((ObjectNode) redisSpec(o, "RedisReplication").path("kubernetesConfig").path("resources")
                .path("limits")).remove("memory"));
        catches(ManifestRules::redis, o -> ((ObjectNode) redisSpec(o, "RedisSentinel").path("kubernetesConfig")).remove("resources"));
        catches(ManifestRules::redis, o -> ((ObjectNode) redisSpec(o, "RedisReplication").path("redisExporter").path("resources"))
                .remove("requests"));
        catches(ManifestRules::redis, o -> ((ObjectNode) redisSpec(o, "RedisSentinel").get("podSecurityContext"))
                .put("runAsNonRoot", false));
        catches(ManifestRules::redis, o -> ((ObjectNode) redisSpec(o, "RedisReplication").get("securityContext"))
                .put("allowPrivilegeEscalation", true));
        catches(ManifestRules::redis, o -> ((ObjectNode) redisSpec(o, "RedisReplication").path("redisExporter").path("securityContext")
                .path("capabilities")).putArray("drop"));
    }

    @Test
    void brokenReferencesAreCaught() {
        catches(ManifestRules::references, o -> ((ObjectNode) Repo.find(o, "Deployment", "api-service").path("spec")
                .path("selector").path("matchLabels")).put("app.kubernetes.io/name", "api"));
        catches(ManifestRules::references, o -> ((ObjectNode) Repo.find(o, "Service", "ledger-service").path("spec")
                .path("selector")).put("app.kubernetes.io/name", "ledger"));
        catches(ManifestRules::references, o -> ((ObjectNode) Repo.find(o, "PodDisruptionBudget", "webhook-service").path("spec")
                .path("selector").path("matchLabels")).put("app.kubernetes.io/name", "webhook"));
        catches(ManifestRules::references, o -> ((ObjectNode) Repo.find(o, "NetworkPolicy", "router-service").path("spec")
                .path("podSelector").path("matchLabels")).put("app.kubernetes.io/name", "router"));
        catches(ManifestRules::references, o -> ((ObjectNode) Repo.find(o, "HorizontalPodAutoscaler", "api-service").path("spec")
                .path("scaleTargetRef")).put("name", "api"));
        catches(ManifestRules::references, o -> o.remove(Repo.find(o, "ConfigMap", "babysea-common")));
        catches(ManifestRules::references, o -> o.remove(Repo.find(o, "ServiceAccount", "router-service")));
        catches(ManifestRules::references, o -> ((ObjectNode) Repo.find(o, "Ingress", "babysea-public").path("spec").path("rules")
                .get(0).path("http").path("paths").get(0).path("backend").path("service").path("port")).put("name", "https"));
        catches(ManifestRules::references, o -> ((ObjectNode) Repo.find(o, "KafkaTopic", "generation-dispatch").path("metadata")
                .path("labels")).put("strimzi.io/cluster", "kafka"));
        catches(ManifestRules::references, o -> ((ObjectNode) Repo.find(o, "Database", "babysea-pg-router").path("spec")
                .path("cluster")).put("name", "pg"));
        catches(ManifestRules::references, o -> ((ObjectNode) container(o, "api-service").path("volumeMounts").get(0)).put("name", "scratch"));
    }

    @Test
    void routerConsumerIsReadFromApplicationProperties(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("application.properties");
        Files.writeString(file, """
                mp.messaging.incoming.dispatch-in.connector=smallrye-kafka
                mp.messaging.incoming.dispatch-in.topic=generation.dispatch
                mp.messaging.incoming.dispatch-in.group.id=${ROUTER_GROUP:router-workers}
                mp.messaging.incoming.other.topic=generation.events
                mp.messaging.incoming.other.group.id=other
                """);
        RouterConsumer c = RouterConsumer.from(file);
        assertEquals("generation.dispatch", c.topic());
        assertEquals("router-workers", c.groupId());
        RouterConsumer missing = RouterConsumer.from(dir.resolve("absent.properties"));
        assertEquals("router-service", missing.groupId());
        // the repository's router file exists today: the test reads it rather than the documented fallback
        if (Files.exists(Repo.root().resolve("router-service/src/main/resources/application.properties"))) {
            RouterConsumer real = RouterConsumer.fromRepository();
            assertTrue(real.source().contains("application.properties"), real.source());
        }
    }

    /**
     * Kubernetes reads YAML 1.1: an unquoted yes/no/on/off is a boolean there, but a string to the (YAML 1.2) parser
     * used by these tests. Every such value in the manifests must be quoted.
     */
    @Test
    void noUnquotedYaml11Booleans() throws IOException {
        Pattern bad = Pattern.compile("^[^#]*:\\s+(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)\\s*(#.*)?$");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Repo.k8s())) {
            for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                List<String> lines = Files.readAllLines(p);
                for (int i = 0; i < lines.size(); i++) {
                    if (bad.matcher(lines.get(i)).matches()) {
                        found.add(p + ":" + (i + 1) + ": " + lines.get(i).trim());
                    }
                }
            }
        }
        assertEquals(List.of(), found);
        assertTrue(bad.matcher("      wal_compression: on").matches(), "the check itself must catch an unquoted on");
    }
}
