package ai.babysea.deploy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every rendered object against the vendored Kubernetes and CRD schemas; broken objects must be rejected. */
class SchemaValidationTest {

    @ParameterizedTest
    @MethodSource("ai.babysea.deploy.Repo#regions")
    void everyRenderedObjectMatchesItsSchema(String region) {
        List<String> violations = new ArrayList<>();
        for (ObjectNode o : Repo.rendered(region)) {
            violations.addAll(Schemas.validate(o));
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void everyExpectedKindHasASchema() {
        for (String key : List.of("apps/v1/Deployment", "v1/Service", "v1/ServiceAccount", "v1/ConfigMap", "v1/Secret",
                "policy/v1/PodDisruptionBudget", "networking.k8s.io/v1/NetworkPolicy", "networking.k8s.io/v1/Ingress",
                "autoscaling/v2/HorizontalPodAutoscaler", "kafka.strimzi.io/v1beta2/Kafka",
                "kafka.strimzi.io/v1beta2/KafkaNodePool", "kafka.strimzi.io/v1beta2/KafkaTopic",
                "postgresql.cnpg.io/v1/Cluster", "postgresql.cnpg.io/v1/Database", "keda.sh/v1alpha1/ScaledObject",
                "redis.redis.opstreelabs.in/v1beta2/RedisReplication", "redis.redis.opstreelabs.in/v1beta2/RedisSentinel")) {
            assertTrue(Schemas.has(key), key);
        }
    }

    private static List<String> broken(String kind, String name, Consumer<ObjectNode> breaker) {
        ObjectNode o = Repo.find(Repo.rendered("us"), kind, name);
        assertEquals(List.of(), Schemas.validate(o), "the unbroken object must pass");
        breaker.accept(o);
        return Schemas.validate(o);
    }

    private static ObjectNode container(ObjectNode deployment) {
        return (ObjectNode) deployment.path("spec").path("template").path("spec").path("containers").get(0);
    }

    @Test
    void unknownKindIsRejected() {
        ObjectNode o = Repo.find(Repo.rendered("us"), "Service", "api-service");
        o.put("apiVersion", "v2");
        assertFalse(Schemas.validate(o).isEmpty());
    }

    @Test
    void deploymentWithUnknownFieldIsRejected() {
        List<String> v = broken("Deployment", "api-service", d -> container(d).put("imagePullPolcy", "Always"));
        assertEquals(1, v.size(), v.toString());
        assertTrue(v.get(0).contains("imagePullPolcy"), v.toString());
    }

    @Test
    void deploymentWithoutSelectorIsRejected() {
        assertFalse(broken("Deployment", "api-service", d -> ((ObjectNode) d.get("spec")).remove("selector")).isEmpty());
    }

    @Test
    void deploymentWithInvalidQuantityIsRejected() {
        assertFalse(broken("Deployment", "router-service",
                d -> ((ObjectNode) container(d).path("resources").path("limits")).put("memory", "lots")).isEmpty());
    }

    @Test
    void deploymentWithWrongEnumIsRejected() {
        assertFalse(broken("Deployment", "ledger-service",
                d -> ((ObjectNode) container(d).path("ports").get(0)).put("protocol", "HTTP")).isEmpty());
    }

    @Test
    void configMapWithNonStringValueIsRejected() {
        assertFalse(broken("ConfigMap", "babysea-common",
                c -> ((ObjectNode) c.get("data")).put("API_HTTP_PORT", 8080)).isEmpty());
    }

    @Test
    void networkPolicyWithBadPolicyTypeIsRejected() {
        assertFalse(broken("NetworkPolicy", "ledger-service",
                n -> ((ArrayNode) n.path("spec").path("policyTypes")).add("Everything")).isEmpty());
    }

    @Test
    void ingressWithoutPathTypeIsRejected() {
        assertFalse(broken("Ingress", "babysea-public", i -> ((ObjectNode) i.path("spec").path("rules").get(0)
                .path("http").path("paths").get(0)).remove("pathType")).isEmpty());
    }

    @Test
    void hpaWithoutMaxReplicasIsRejected() {
        assertFalse(broken("HorizontalPodAutoscaler", "api-service", h -> ((ObjectNode) h.get("spec")).remove("maxReplicas")).isEmpty());
    }

    @Test
    void kafkaTopicWithZeroPartitionsIsRejected() {
        assertFalse(broken("KafkaTopic", "generation-dispatch", t -> ((ObjectNode) t.get("spec")).put("partitions", 0)).isEmpty());
    }

    @Test
    void kafkaListenerWithBadTypeIsRejected() {
        assertFalse(broken("Kafka", "babysea", k -> ((ObjectNode) k.path("spec").path("kafka").path("listeners").get(0))
                .put("type", "public")).isEmpty());
    }

    @Test
    void kafkaNodePoolWithoutRolesIsRejected() {
        assertFalse(broken("KafkaNodePool", "broker", p -> ((ObjectNode) p.get("spec")).remove("roles")).isEmpty());
    }

    @Test
    void cnpgClusterWithoutInstancesIsRejected() {
        assertFalse(broken("Cluster", "babysea-pg", c -> ((ObjectNode) c.get("spec")).remove("instances")).isEmpty());
    }

    @Test
    void cnpgClusterWithBadRetentionIsRejected() {
        assertFalse(broken("Cluster", "babysea-pg", c -> ((ObjectNode) c.path("spec").path("backup")).put("retentionPolicy", "30 days")).isEmpty());
    }

    @Test
    void cnpgDatabaseWithoutOwnerOrReservedNameIsRejected() {
        assertFalse(broken("Database", "babysea-pg-ledger", d -> ((ObjectNode) d.get("spec")).remove("owner")).isEmpty());
        assertFalse(broken("Database", "babysea-pg-ledger", d -> ((ObjectNode) d.get("spec")).put("name", "postgres")).isEmpty());
    }

    @Test
    void scaledObjectWithNumericTriggerMetadataIsRejected() {
        // KEDA's CRD types trigger metadata as map[string]string: an unquoted lagThreshold: 50 is rejected by the API server
        assertFalse(broken("ScaledObject", "router-service", s -> ((ObjectNode) s.path("spec").path("triggers").get(0)
                .path("metadata")).put("lagThreshold", 50)).isEmpty());
    }

    @Test
    void invalidLabelsAreRejected() {
        assertFalse(broken("Service", "api-service", o -> ((ObjectNode) o.path("metadata").path("labels"))
                .put("babysea.ai/region", "us east")).isEmpty());
        assertFalse(broken("Service", "api-service", o -> ((ObjectNode) o.path("metadata").path("labels"))
                .put("version", "x".repeat(64))).isEmpty());
        assertFalse(broken("Service", "api-service", o -> ((ObjectNode) o.path("metadata").path("labels"))
                .put("Bad_Prefix/name", "x")).isEmpty());
    }

    @Test
    void redisObjectsWithUnknownOrMissingFieldsAreRejected() {
        assertFalse(broken("RedisReplication", "babysea-redis", r -> ((ObjectNode) r.get("spec")).put("replicas", 3)).isEmpty());
        assertFalse(broken("RedisReplication", "babysea-redis", r -> ((ObjectNode) r.path("spec").path("kubernetesConfig"))
                .remove("image")).isEmpty());
        assertFalse(broken("RedisSentinel", "babysea-redis", r -> ((ObjectNode) r.path("spec").path("redisSentinelConfig"))
                .put("quorum", 2)).isEmpty(), "the operator's CRD types the sentinel settings as strings");
        assertFalse(broken("RedisSentinel", "babysea-redis", r -> ((ObjectNode) r.path("spec").path("redisSentinelConfig"))
                .remove("redisReplicationName")).isEmpty());
    }

    @Test
    void scaledObjectWithoutTriggersIsRejected() {
        assertFalse(broken("ScaledObject", "router-service", s -> ((ObjectNode) s.get("spec")).remove("triggers")).isEmpty());
    }
}
