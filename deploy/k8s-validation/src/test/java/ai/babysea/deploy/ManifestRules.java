package ai.babysea.deploy;

import ai.babysea.deploy.kustomize.Kustomize;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/** The deployment rules every rendered overlay must satisfy; each method returns the violations it found. */
final class ManifestRules {
    static final Map<String, String> PROBE_PATHS = Map.of(
            "livenessProbe", "/q/health/live",
            "readinessProbe", "/q/health/ready",
            "startupProbe", "/q/health/started");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|TOKEN|SECRET|API_KEY|_KEY)$");
    /** The public API's path (the contract's /v1); "/" would also publish /q/health and /q/metrics. */
    static final Set<String> API_PUBLIC_PREFIXES = Set.of("/v1", "/v1/");
    /** The router's public paths (router-service: ProviderWebhookResource, OutputResource). */
    static final Set<String> ROUTER_PUBLIC_PREFIXES = Set.of("/provider-webhooks/", "/outputs/");
    /** The web console is routed whole ("/" of its own host): its health is on the management port, never behind the Service. */
    static final Set<String> CONSOLE_PUBLIC_PREFIXES = Set.of("/");
    private static final Set<String> INTERNAL_SERVICES = Set.of("ledger-service", "router-service", "webhook-service");

    private ManifestRules() {
    }

    static List<ObjectNode> ofKind(List<ObjectNode> objects, String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    private static String name(JsonNode o) {
        return o.path("metadata").path("name").asText();
    }

    private static Iterable<JsonNode> containers(JsonNode deployment) {
        return deployment.path("spec").path("template").path("spec").path("containers");
    }

    /** Liveness, readiness and startup probes on the Quarkus health endpoints, for every container. */
    static List<String> probes(List<ObjectNode> objects) {
        List<String> out = new ArrayList<>();
        for (ObjectNode d : ofKind(objects, "Deployment")) {
            for (JsonNode c : containers(d)) {
                PROBE_PATHS.forEach((probe, path) -> {
                    JsonNode p = c.path(probe);
                    if (p.isMissingNode()) {
                        out.add(name(d) + "/" + c.path("name").asText() + ": no " + probe);
                    } else if (!path.equals(p.path("httpGet").path("path").asText())) {
                        out.add(name(d) + "/" + c.path("name").asText() + ": " + probe + " is not httpGet " + path);
                    }
                });
            }
        }
        return out;
    }

    /** cpu and memory requests and limits on every container. */
    static List<String> resources(List<ObjectNode> objects) {
        List<String> out = new ArrayList<>();
        for (ObjectNode d : ofKind(objects, "Deployment")) {
            for (JsonNode c : containers(d)) {
                for (String kind : List.of("requests", "limits")) {
                    for (String resource : List.of("cpu", "memory")) {
                        if (!c.path("resources").path(kind).has(resource)) {
                            out.add(name(d) + "/" + c.path("name").asText() + ": no " + resource + " " + kind);
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * Non-root, read-only root filesystem with an emptyDir /tmp, no privilege escalation, all capabilities
     * dropped, RuntimeDefault seccomp, and graceful shutdown (terminationGracePeriodSeconds and a preStop hook).
     */
    static List<String> securityContext(List<ObjectNode> objects) {
        List<String> out = new ArrayList<>();
        for (ObjectNode d : ofKind(objects, "Deployment")) {
            JsonNode pod = d.path("spec").path("template").path("spec");
            boolean podNonRoot = pod.path("securityContext").path("runAsNonRoot").asBoolean(false);
            if (!"RuntimeDefault".equals(pod.path("securityContext").path("seccompProfile").path("type").asText())) {
                out.add(name(d) + ": pod seccompProfile is not RuntimeDefault");
            }
            if (!pod.has("terminationGracePeriodSeconds")) {
                out.add(name(d) + ": no terminationGracePeriodSeconds");
            }
            if (pod.path("securityContext").path("runAsUser").asInt(-1) == 0) {
                out.add(name(d) + ": runs as uid 0");
            }
            for (JsonNode c : containers(d)) {
                String where = name(d) + "/" + c.path("name").asText();
                JsonNode sc = c.path("securityContext");
                if (!podNonRoot && !sc.path("runAsNonRoot").asBoolean(false)) {
                    out.add(where + ": runAsNonRoot is not true");
                }
                if (sc.path("runAsUser").asInt(-1) == 0) {
                    out.add(where + ": runs as uid 0");
                }
                if (!sc.path("readOnlyRootFilesystem").asBoolean(false)) {
                    out.add(where + ": readOnlyRootFilesystem is not true");
                }
                if (!sc.has("allowPrivilegeEscalation") || sc.path("allowPrivilegeEscalation").asBoolean(true)) {
                    out.add(where + ": allowPrivilegeEscalation is not false");
                }
                if (sc.path("privileged").asBoolean(false)) {
                    out.add(where + ": privileged");
                }
                boolean dropsAll = StreamSupport.stream(sc.path("capabilities").path("drop").spliterator(), false)
                        .anyMatch(n -> n.asText().equals("ALL"));
                if (!dropsAll || sc.path("capabilities").path("add").size() > 0) {
                    out.add(where + ": capabilities do not drop ALL (or add some)");
                }
                boolean tmp = false;
                for (JsonNode m : c.path("volumeMounts")) {
                    if (m.path("mountPath").asText().equals("/tmp")) {
                        String volume = m.path("name").asText();
                        for (JsonNode v : pod.path("volumes")) {
                            tmp |= v.path("name").asText().equals(volume) && v.has("emptyDir");
                        }
                    }
                }
                if (!tmp) {
                    out.add(where + ": no emptyDir mounted at /tmp");
                }
                if (c.path("lifecycle").path("preStop").isMissingNode()) {
                    out.add(where + ": no preStop hook");
                }
            }
        }
        return out;
    }

    /** Every image (any image/imageName field) has a version tag or digest, and the tag is not "latest". */
    static List<String> images(List<ObjectNode> objects) {
        List<String> out = new ArrayList<>();
        for (ObjectNode o : objects) {
            collectImages(o, name(o), out);
        }
        return out;
    }

    private static void collectImages(JsonNode node, String owner, List<String> out) {
        node.fields().forEachRemaining(f -> {
            if ((f.getKey().equals("image") || f.getKey().equals("imageName")) && f.getValue().isTextual()) {
                Kustomize.ImageRef ref = Kustomize.ImageRef.parse(f.getValue().asText());
                if (ref.digest() == null && (ref.tag() == null || ref.tag().isEmpty())) {
                    out.add(owner + ": image " + f.getValue().asText() + " has no tag");
                } else if ("latest".equalsIgnoreCase(ref.tag())) {
                    out.add(owner + ": image " + f.getValue().asText() + " uses latest");
                }
            }
            if (f.getValue().isContainerNode()) {
                if (f.getValue().isArray()) {
                    f.getValue().forEach(e -> {
                        if (e.isObject()) {
                            collectImages(e, owner, out);
                        }
                    });
                } else {
                    collectImages(f.getValue(), owner, out);
                }
            }
        });
    }

    /**
     * No secret values in the manifests: no Secret carries data/stringData, no env var or ConfigMap key that names a
     * credential has a literal value.
     */
    static List<String> secrets(List<ObjectNode> objects) {
        List<String> out = new ArrayList<>();
        for (ObjectNode s : ofKind(objects, "Secret")) {
            if (s.path("data").size() > 0 || s.path("stringData").size() > 0) {
                out.add("Secret " + name(s) + " carries data");
            }
        }
        for (ObjectNode cm : ofKind(objects, "ConfigMap")) {
            cm.path("data").fieldNames().forEachRemaining(k -> {
                if (SECRET_NAME.matcher(k).matches()) {
                    out.add("ConfigMap " + name(cm) + " holds a credential-like key " + k);
                }
            });
        }
        for (ObjectNode d : ofKind(objects, "Deployment")) {
            for (JsonNode c : containers(d)) {
                for (JsonNode env : c.path("env")) {
                    if (SECRET_NAME.matcher(env.path("name").asText()).matches() && env.has("value")) {
                        out.add(name(d) + ": env " + env.path("name").asText() + " has a literal value");
                    }
                }
            }
        }
        return out;
    }

    /**
     * The router's ScaledObject: a kafka trigger on the router's own topic and consumer group, targeting the
     * router Deployment, maxReplicaCount >= minReplicaCount and <= the partitions of that topic.
     */
    static List<String> keda(List<ObjectNode> objects, RouterConsumer router) {
        List<String> out = new ArrayList<>();
        List<ObjectNode> scaled = ofKind(objects, "ScaledObject").stream()
                .filter(s -> s.path("spec").path("scaleTargetRef").path("name").asText().equals("router-service"))
                .toList();
        if (scaled.size() != 1) {
            return List.of("expected one ScaledObject for router-service, found " + scaled.size());
        }
        ObjectNode so = scaled.get(0);
        if (ofKind(objects, "Deployment").stream().noneMatch(d -> name(d).equals("router-service"))) {
            out.add("ScaledObject targets router-service but there is no such Deployment");
        }
        List<JsonNode> kafka = StreamSupport.stream(so.path("spec").path("triggers").spliterator(), false)
                .filter(t -> t.path("type").asText().equals("kafka")).toList();
        if (kafka.isEmpty()) {
            out.add("ScaledObject " + name(so) + " has no kafka trigger");
        }
        int max = so.path("spec").path("maxReplicaCount").asInt(100); // KEDA's default
        int min = so.path("spec").path("minReplicaCount").asInt(0);
        if (min > max) {
            out.add("ScaledObject " + name(so) + ": minReplicaCount " + min + " > maxReplicaCount " + max);
        }
        for (JsonNode t : kafka) {
            String topic = t.path("metadata").path("topic").asText();
            String group = t.path("metadata").path("consumerGroup").asText();
            if (!topic.equals(router.topic())) {
                out.add("KEDA trigger topic '" + topic + "' != router topic '" + router.topic() + "' (" + router.source() + ")");
            }
            if (!group.equals(router.groupId())) {
                out.add("KEDA trigger consumerGroup '" + group + "' != router group.id '" + router.groupId()
                        + "' (" + router.source() + ")");
            }
            Integer partitions = partitions(objects, topic);
            if (partitions == null) {
                out.add("no KafkaTopic for " + topic);
            } else if (max > partitions) {
                out.add("KEDA maxReplicaCount " + max + " > " + partitions + " partitions of " + topic);
            }
        }
        return out;
    }

    static Integer partitions(List<ObjectNode> objects, String topic) {
        for (ObjectNode t : ofKind(objects, "KafkaTopic")) {
            String n = t.path("spec").path("topicName").asText(name(t));
            if (n.equals(topic) && t.path("spec").has("partitions")) {
                return t.path("spec").path("partitions").asInt();
            }
        }
        return null;
    }

    /** A workload owned by an HPA or a ScaledObject sets no replicas of its own (they would fight on every apply). */
    static List<String> autoscaledReplicas(List<ObjectNode> objects) {
        List<String> out = new ArrayList<>();
        List<String> scaled = new ArrayList<>();
        ofKind(objects, "HorizontalPodAutoscaler").forEach(h -> scaled.add(h.path("spec").path("scaleTargetRef").path("name").asText()));
        ofKind(objects, "ScaledObject").forEach(s -> scaled.add(s.path("spec").path("scaleTargetRef").path("name").asText()));
        for (ObjectNode d : ofKind(objects, "Deployment")) {
            if (scaled.contains(name(d)) && d.path("spec").has("replicas")) {
                out.add(name(d) + " is autoscaled but sets spec.replicas");
            }
        }
        return out;
    }

    /**
     * Exposure: Ingress backends are only api-service under /v1, router-service (only under its public prefixes
     * {@link #ROUTER_PUBLIC_PREFIXES}: provider webhooks and output files, never /internal/) and the console at "/" (its
     * Service without the management port); the
     * NetworkPolicy of ledger/router/webhook admits api-service pods, the monitoring namespace and (router only) the
     * ingress controller's namespace; every BabySea Deployment is selected by a NetworkPolicy with both policy types.
     */
    static List<String> exposure(List<ObjectNode> objects) {
        List<String> out = new ArrayList<>();
        for (ObjectNode ing : ofKind(objects, "Ingress")) {
            for (JsonNode rule : ing.path("spec").path("rules")) {
                for (JsonNode path : rule.path("http").path("paths")) {
                    String backend = path.path("backend").path("service").path("name").asText();
                    String p = path.path("path").asText();
                    boolean ok = (backend.equals("api-service") && API_PUBLIC_PREFIXES.contains(p))
                            || (backend.equals("router-service") && ROUTER_PUBLIC_PREFIXES.contains(p))
                            || (backend.equals("console") && CONSOLE_PUBLIC_PREFIXES.contains(p) && !servesManagement(objects, "console"));
                    if (!ok) {
                        out.add("Ingress " + name(ing) + " routes " + p + " to " + backend);
                    }
                }
            }
            if (ing.path("spec").has("defaultBackend")) {
                out.add("Ingress " + name(ing) + " has a defaultBackend");
            }
        }
        for (ObjectNode d : ofKind(objects, "Deployment")) {
            String app = d.path("spec").path("template").path("metadata").path("labels").path("app.kubernetes.io/name").asText();
            List<ObjectNode> policies = ofKind(objects, "NetworkPolicy").stream()
                    .filter(np -> app.equals(np.path("spec").path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText()))
                    .toList();
            if (policies.isEmpty()) {
                out.add(name(d) + ": no NetworkPolicy selects its pods");
            }
            for (ObjectNode np : policies) {
                List<String> types = new ArrayList<>();
                np.path("spec").path("policyTypes").forEach(t -> types.add(t.asText()));
                if (!types.containsAll(List.of("Ingress", "Egress"))) {
                    out.add("NetworkPolicy " + name(np) + " does not restrict both Ingress and Egress");
                }
                if (!INTERNAL_SERVICES.contains(app)) {
                    continue;
                }
                for (JsonNode rule : np.path("spec").path("ingress")) {
                    if (!rule.has("from") || rule.path("from").isEmpty()) {
                        out.add("NetworkPolicy " + name(np) + " admits traffic from anywhere");
                    }
                    for (JsonNode peer : rule.path("from")) {
                        String pod = peer.path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText(null);
                        String ns = peer.path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asText(null);
                        boolean fromApi = "api-service".equals(pod) && !peer.has("namespaceSelector");
                        boolean fromMonitoring = "monitoring".equals(ns) && !peer.has("podSelector");
                        boolean fromIngress = app.equals("router-service") && "ingress-nginx".equals(ns) && !peer.has("podSelector");
                        if (!(fromApi || fromMonitoring || fromIngress) || peer.has("ipBlock")) {
                            out.add("NetworkPolicy " + name(np) + " admits " + peer);
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * Whether a Service exposes the management port (health, /q/*) of the pods it selects: the console's "/" is routed
     * publicly, so its Service must only carry the app port.
     */
    private static boolean servesManagement(List<ObjectNode> objects, String service) {
        for (ObjectNode svc : ofKind(objects, "Service")) {
            if (name(svc).equals(service)) {
                for (JsonNode port : svc.path("spec").path("ports")) {
                    if ("management".equals(port.path("targetPort").asText()) || port.path("port").asInt() == 9000
                            || port.path("targetPort").asInt() == 9000) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Every topic a service consumes, dead-letters to or the contract names exists as a KafkaTopic (auto-creation is off). */
    static List<String> topics(List<ObjectNode> objects, java.util.Collection<String> required) {
        Set<String> present = new java.util.HashSet<>();
        ofKind(objects, "KafkaTopic").forEach(t -> present.add(t.path("spec").path("topicName").asText(name(t))));
        List<String> out = new ArrayList<>();
        for (String topic : required) {
            if (!present.contains(topic)) {
                out.add("no KafkaTopic for " + topic);
            }
        }
        return out;
    }

    /** Variables a service's configuration reads that production must set (the defaults point at localhost). */
    static final Pattern PRODUCTION_VARIABLE =
            Pattern.compile(".*(_URL|_DB_USER|_DB_PASSWORD|BOOTSTRAP_SERVERS|INTERNAL_TOKEN|_REGION|_HTTP_PORT)$");

    /**
     * The Deployment of each service provides every {@link #PRODUCTION_VARIABLE} its application.properties reads,
     * through env or a ConfigMap in envFrom (keys of envFrom Secrets are unknown here and not counted).
     */
    static List<String> environment(List<ObjectNode> objects, List<ServiceConfig> services) {
        List<String> out = new ArrayList<>();
        for (ServiceConfig service : services) {
            ObjectNode d = ofKind(objects, "Deployment").stream().filter(o -> name(o).equals(service.service())).findFirst().orElse(null);
            if (d == null) {
                out.add("no Deployment " + service.service());
                continue;
            }
            Set<String> provided = new java.util.HashSet<>();
            for (JsonNode c : containers(d)) {
                c.path("env").forEach(e -> provided.add(e.path("name").asText()));
                for (JsonNode from : c.path("envFrom")) {
                    String cm = from.path("configMapRef").path("name").asText(null);
                    ofKind(objects, "ConfigMap").stream().filter(o -> name(o).equals(cm))
                            .forEach(o -> o.path("data").fieldNames().forEachRemaining(provided::add));
                }
            }
            for (String variable : service.variables()) {
                if (PRODUCTION_VARIABLE.matcher(variable).matches() && !provided.contains(variable)) {
                    out.add(service.service() + " reads ${" + variable + "} but its Deployment does not set it");
                }
            }
        }
        return out;
    }

    /**
     * ledger-service has a fixed replica count: its consumers of generation.requests (replicas x the channel's
     * concurrency, LEDGER_REQUEST_CONSUMERS) must not exceed the topic's partitions, or the extra ones idle.
     */
    static List<String> ledgerConsumers(List<ObjectNode> objects, ServiceConfig ledger) {
        ObjectNode d = ofKind(objects, "Deployment").stream().filter(o -> name(o).equals("ledger-service")).findFirst().orElse(null);
        if (d == null) {
            return List.of("no Deployment ledger-service");
        }
        Map<String, String> environment = new java.util.HashMap<>();
        for (JsonNode c : containers(d)) {
            c.path("env").forEach(e -> environment.put(e.path("name").asText(), e.path("value").asText(null)));
            for (JsonNode from : c.path("envFrom")) {
                String cm = from.path("configMapRef").path("name").asText(null);
                ofKind(objects, "ConfigMap").stream().filter(o -> name(o).equals(cm))
                        .forEach(o -> o.path("data").fields().forEachRemaining(e -> environment.put(e.getKey(), e.getValue().asText())));
            }
        }
        environment.values().removeIf(java.util.Objects::isNull);
        int consumers = d.path("spec").path("replicas").asInt(1) * ledger.consumersPerInstance("generation.requests", environment);
        Integer partitions = partitions(objects, "generation.requests");
        if (partitions == null) {
            return List.of("no KafkaTopic for generation.requests");
        }
        if (consumers > partitions) {
            return List.of("ledger-service runs " + consumers + " consumers of generation.requests, more than its "
                    + partitions + " partitions");
        }
        return List.of();
    }

    /** Connections PostgreSQL keeps for the operator, replication and the superuser. */
    static final int RESERVED_CONNECTIONS = 20;

    /**
     * Worst case PostgreSQL connections: every service at its maximum replica count plus one surge pod of a
     * rolling update, each with a full pool (QUARKUS_DATASOURCE_JDBC_MAX_SIZE from its ConfigMaps, else
     * quarkus.datasource.jdbc.max-size, else Quarkus's default 20), must fit max_connections minus
     * {@link #RESERVED_CONNECTIONS}.
     */
    static List<String> connections(List<ObjectNode> objects, List<ServiceConfig> services) {
        List<ObjectNode> clusters = ofKind(objects, "Cluster");
        if (clusters.size() != 1) {
            return List.of("expected one PostgreSQL Cluster, found " + clusters.size());
        }
        int max = Integer.parseInt(clusters.get(0).path("spec").path("postgresql").path("parameters")
                .path("max_connections").asText("100"));
        int total = 0;
        StringBuilder detail = new StringBuilder();
        for (ServiceConfig service : services) {
            ObjectNode d = ofKind(objects, "Deployment").stream().filter(o -> name(o).equals(service.service())).findFirst().orElse(null);
            if (d == null) {
                continue;
            }
            int replicas = maxReplicas(objects, d);
            String pool = null;
            for (JsonNode c : containers(d)) {
                for (JsonNode from : c.path("envFrom")) {
                    String cm = from.path("configMapRef").path("name").asText(null);
                    for (ObjectNode o : ofKind(objects, "ConfigMap")) {
                        if (name(o).equals(cm) && o.path("data").has("QUARKUS_DATASOURCE_JDBC_MAX_SIZE")) {
                            pool = o.path("data").path("QUARKUS_DATASOURCE_JDBC_MAX_SIZE").asText();
                        }
                    }
                }
                for (JsonNode e : c.path("env")) {
                    if (e.path("name").asText().equals("QUARKUS_DATASOURCE_JDBC_MAX_SIZE") && e.has("value")) {
                        pool = e.path("value").asText();
                    }
                }
            }
            if (pool == null) {
                pool = service.properties().getProperty("quarkus.datasource.jdbc.max-size", "20");
            }
            int n = (replicas + 1) * Integer.parseInt(pool.trim());
            total += n;
            detail.append(' ').append(service.service()).append('=').append(replicas + 1).append('x').append(pool.trim());
        }
        if (total > max - RESERVED_CONNECTIONS) {
            return List.of("up to " + total + " PostgreSQL connections (" + detail.toString().trim() + ") exceed max_connections "
                    + max + " - " + RESERVED_CONNECTIONS + " reserved");
        }
        return List.of();
    }

    /** The most replicas a Deployment can have: its ScaledObject's or HPA's maximum, else its replicas. */
    static int maxReplicas(List<ObjectNode> objects, ObjectNode deployment) {
        for (ObjectNode so : ofKind(objects, "ScaledObject")) {
            if (so.path("spec").path("scaleTargetRef").path("name").asText().equals(name(deployment))) {
                return so.path("spec").path("maxReplicaCount").asInt(100);
            }
        }
        for (ObjectNode hpa : ofKind(objects, "HorizontalPodAutoscaler")) {
            if (hpa.path("spec").path("scaleTargetRef").path("name").asText().equals(name(deployment))) {
                return hpa.path("spec").path("maxReplicas").asInt();
            }
        }
        return deployment.path("spec").path("replicas").asInt(1);
    }

    /**
     * The router keeps outputs in its own region: router-service-config names the object-storage region, a bucket
     * specific to the overlay's region (its name ends with `-<BABYSEA_REGION>`, so no region writes into another's
     * or the base's shared placeholder) and, when it names an endpoint, one of that storage region.
     */
    static List<String> objectStorage(List<ObjectNode> objects) {
        List<String> out = new ArrayList<>();
        String region = configValue(objects, "babysea-common", "BABYSEA_REGION");
        String storageRegion = configValue(objects, "router-service-config", "ROUTER_S3_REGION");
        String bucket = configValue(objects, "router-service-config", "ROUTER_S3_BUCKET");
        String endpoint = configValue(objects, "router-service-config", "ROUTER_S3_ENDPOINT");
        if (region == null || region.isBlank()) {
            out.add("babysea-common: no BABYSEA_REGION");
            return out;
        }
        if (storageRegion == null || storageRegion.isBlank()) {
            out.add("router-service-config: no ROUTER_S3_REGION");
        }
        if (bucket == null || !bucket.endsWith("-" + region)) {
            out.add("router-service-config: ROUTER_S3_BUCKET " + bucket + " is not specific to region " + region
                    + " (expected a name ending in -" + region + ")");
        }
        if (endpoint == null || endpoint.isBlank()) {
            out.add("router-service-config: no ROUTER_S3_ENDPOINT");
        } else if (storageRegion != null && !storageRegion.isBlank() && !endpoint.contains(storageRegion)) {
            out.add("router-service-config: ROUTER_S3_ENDPOINT " + endpoint + " is not in storage region " + storageRegion);
        }
        return out;
    }

    private static String configValue(List<ObjectNode> objects, String configMap, String key) {
        return ofKind(objects, "ConfigMap").stream().filter(o -> name(o).equals(configMap))
                .map(o -> o.path("data").path(key).asText(null)).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /**
     * The services are wired to what the manifests create: KAFKA_BOOTSTRAP_SERVERS and KEDA's bootstrapServers name
     * the Strimzi bootstrap service and the plain listener's port; each *_DB_URL names the CloudNativePG read-write
     * service and one of the declared databases; api-service's LEDGER_URL/ROUTER_URL/WEBHOOK_URL name existing
     * Services and ports.
     */
    static List<String> wiring(List<ObjectNode> objects) {
        List<String> out = new ArrayList<>();
        List<ObjectNode> kafkas = ofKind(objects, "Kafka");
        if (kafkas.size() != 1) {
            return List.of("expected one Kafka, found " + kafkas.size());
        }
        ObjectNode kafka = kafkas.get(0);
        int port = -1;
        for (JsonNode l : kafka.path("spec").path("kafka").path("listeners")) {
            if (l.path("type").asText().equals("internal") && !l.path("tls").asBoolean(true)) {
                port = l.path("port").asInt();
            }
        }
        String bootstrap = name(kafka) + "-kafka-bootstrap";
        String namespace = kafka.path("metadata").path("namespace").asText("");
        String common = configValue(objects, "babysea-common", "KAFKA_BOOTSTRAP_SERVERS");
        if (!(bootstrap + ":" + port).equals(common)) {
            out.add("KAFKA_BOOTSTRAP_SERVERS " + common + " is not " + bootstrap + ":" + port);
        }
        for (ObjectNode so : ofKind(objects, "ScaledObject")) {
            for (JsonNode t : so.path("spec").path("triggers")) {
                String servers = t.path("metadata").path("bootstrapServers").asText();
                if (t.path("type").asText().equals("kafka")
                        && !servers.equals(bootstrap + "." + namespace + ".svc:" + port)
                        && !servers.equals(bootstrap + "." + namespace + ".svc.cluster.local:" + port)) {
                    out.add("ScaledObject " + name(so) + " bootstrapServers " + servers + " is not "
                            + bootstrap + "." + namespace + ".svc:" + port + " (KEDA runs in another namespace)");
                }
            }
        }
        List<ObjectNode> clusters = ofKind(objects, "Cluster");
        Set<String> databases = new java.util.HashSet<>();
        ofKind(objects, "Database").forEach(d -> databases.add(d.path("spec").path("name").asText()));
        for (ObjectNode cm : ofKind(objects, "ConfigMap")) {
            cm.path("data").fields().forEachRemaining(e -> {
                if (!e.getKey().endsWith("_DB_URL")) {
                    return;
                }
                java.util.regex.Matcher m = Pattern.compile("^jdbc:postgresql://([^:/]+):(\\d+)/([^?]+)(\\?.*)?$").matcher(e.getValue().asText());
                boolean ok = m.matches() && m.group(2).equals("5432") && databases.contains(m.group(3))
                        && clusters.stream().anyMatch(c -> m.group(1).equals(name(c) + "-rw"));
                if (!ok) {
                    out.add(name(cm) + ": " + e.getKey() + " " + e.getValue().asText()
                            + " does not name a declared database on a Cluster's -rw service");
                }
            });
        }
        for (String key : List.of("LEDGER_URL", "ROUTER_URL", "WEBHOOK_URL")) {
            String url = configValue(objects, "api-service-config", key);
            java.util.regex.Matcher m = Pattern.compile("^http://([a-z0-9-]+):(\\d+)$").matcher(url == null ? "" : url);
            boolean ok = m.matches() && ofKind(objects, "Service").stream().anyMatch(svc -> name(svc).equals(m.group(1))
                    && java.util.stream.StreamSupport.stream(svc.path("spec").path("ports").spliterator(), false)
                    .anyMatch(p -> p.path("port").asInt() == Integer.parseInt(m.group(2))));
            if (!ok) {
                out.add("api-service " + key + " " + url + " does not name a Service and its port");
            }
        }
        return out;
    }

    /**
     * Availability: every service keeps at least two pods (its PodDisruptionBudget then always leaves one), every
     * pipeline topic has fewer in-sync replicas required than replicas (one broker may be down) and no more
     * replicas than brokers, and there are at least three brokers and an odd number of controllers.
     */
    static List<String> availability(List<ObjectNode> objects) {
        List<String> out = new ArrayList<>();
        for (ObjectNode d : ofKind(objects, "Deployment")) {
            int min = d.path("spec").path("replicas").asInt(1);
            for (ObjectNode so : ofKind(objects, "ScaledObject")) {
                if (so.path("spec").path("scaleTargetRef").path("name").asText().equals(name(d))) {
                    min = so.path("spec").path("minReplicaCount").asInt(0);
                }
            }
            for (ObjectNode hpa : ofKind(objects, "HorizontalPodAutoscaler")) {
                if (hpa.path("spec").path("scaleTargetRef").path("name").asText().equals(name(d))) {
                    min = hpa.path("spec").path("minReplicas").asInt(1);
                }
            }
            if (min < 2) {
                out.add(name(d) + " may run with " + min + " replica(s)");
            }
        }
        int brokers = 0;
        int controllers = 0;
        for (ObjectNode pool : ofKind(objects, "KafkaNodePool")) {
            for (JsonNode role : pool.path("spec").path("roles")) {
                if (role.asText().equals("broker")) {
                    brokers += pool.path("spec").path("replicas").asInt();
                } else if (role.asText().equals("controller")) {
                    controllers += pool.path("spec").path("replicas").asInt();
                }
            }
        }
        if (brokers < 3) {
            out.add("only " + brokers + " Kafka brokers");
        }
        if (controllers < 3 || controllers % 2 == 0) {
            out.add(controllers + " KRaft controllers (need an odd number >= 3)");
        }
        for (ObjectNode t : ofKind(objects, "KafkaTopic")) {
            int replicas = t.path("spec").path("replicas").asInt(1);
            int isr = t.path("spec").path("config").path("min.insync.replicas").asInt(1);
            if (replicas > brokers) {
                out.add("KafkaTopic " + name(t) + " has " + replicas + " replicas but there are " + brokers + " brokers");
            }
            if (replicas < 3 || isr < 2 || isr >= replicas) {
                out.add("KafkaTopic " + name(t) + ": replicas " + replicas + ", min.insync.replicas " + isr
                        + " (need >= 3 and 2 <= min.insync < replicas)");
            }
        }
        return out;
    }

    /**
     * Redis, the store of api-service's shared rate limits (infra/redis): one RedisReplication of at least three pods (a
     * master and two replicas) watched by one RedisSentinel of an odd number, at least three, of Sentinels whose quorum
     * is a majority; Redis, the Sentinels and api-service share one password Secret; api-service runs the redis backend
     * against the Service the operator keeps on the current master ({@code <name>-master:6379}) and its NetworkPolicy
     * lets it reach those pods on 6379; every Redis, Sentinel and exporter container has CPU and memory requests and
     * limits, runs as non-root without privilege escalation and drops all capabilities.
     */
    static List<String> redis(List<ObjectNode> objects) {
        List<ObjectNode> replications = ofKind(objects, "RedisReplication");
        if (replications.size() != 1) {
            return List.of("expected one RedisReplication, found " + replications.size());
        }
        List<String> out = new ArrayList<>();
        ObjectNode replication = replications.get(0);
        String redis = name(replication);
        JsonNode secret = replication.path("spec").path("kubernetesConfig").path("redisSecret");
        if (secret.path("name").asText("").isEmpty() || secret.path("key").asText("").isEmpty()) {
            out.add("RedisReplication " + redis + " has no password Secret (kubernetesConfig.redisSecret)");
        }
        int size = replication.path("spec").path("clusterSize").asInt(0);
        if (size < 3) {
            out.add("RedisReplication " + redis + " has " + size + " pod(s): a master and at least two replicas are needed");
        }
        List<ObjectNode> sentinels = ofKind(objects, "RedisSentinel").stream()
                .filter(o -> o.path("spec").path("redisSentinelConfig").path("redisReplicationName").asText().equals(redis)).toList();
        if (sentinels.size() != 1) {
            out.add("expected one RedisSentinel watching RedisReplication " + redis + ", found " + sentinels.size());
        } else {
            JsonNode spec = sentinels.get(0).path("spec");
            int count = spec.path("clusterSize").asInt(0);
            int quorum = Integer.parseInt(spec.path("redisSentinelConfig").path("quorum").asText("2"));
            if (count < 3 || count % 2 == 0) {
                out.add("RedisSentinel " + name(sentinels.get(0)) + " has " + count + " Sentinels (need an odd number >= 3)");
            }
            if (quorum <= count / 2 || quorum > count) {
                out.add("RedisSentinel " + name(sentinels.get(0)) + ": quorum " + quorum + " is not a majority of " + count);
            }
            if (!sameSecret(spec.path("redisSentinelConfig").path("redisReplicationPassword").path("secretKeyRef"), secret)) {
                out.add("RedisSentinel " + name(sentinels.get(0)) + " does not authenticate with the Redis password Secret");
            }
        }
        String url = configValue(objects, "api-service-config", "REDIS_URL");
        if (!("redis://" + redis + "-master:6379").equals(url)) {
            out.add("api-service REDIS_URL " + url + " is not the master Service redis://" + redis + "-master:6379");
        }
        if (!"redis".equals(configValue(objects, "api-service-config", "API_LIMITS_BACKEND"))) {
            out.add("api-service does not use the redis rate-limit backend (API_LIMITS_BACKEND)");
        }
        ObjectNode api = ofKind(objects, "Deployment").stream().filter(o -> name(o).equals("api-service")).findFirst().orElse(null);
        boolean password = false;
        if (api != null) {
            for (JsonNode c : containers(api)) {
                for (JsonNode env : c.path("env")) {
                    password |= env.path("name").asText().equals("QUARKUS_REDIS_PASSWORD")
                            && sameSecret(env.path("valueFrom").path("secretKeyRef"), secret);
                }
            }
        }
        if (!password) {
            out.add("api-service does not read QUARKUS_REDIS_PASSWORD from the Redis password Secret");
        }
        boolean reachable = false;
        for (ObjectNode np : ofKind(objects, "NetworkPolicy")) {
            if (!"api-service".equals(np.path("spec").path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText())) {
                continue;
            }
            for (JsonNode rule : np.path("spec").path("egress")) {
                boolean port = StreamSupport.stream(rule.path("ports").spliterator(), false).anyMatch(p -> p.path("port").asInt() == 6379);
                boolean pods = StreamSupport.stream(rule.path("to").spliterator(), false).anyMatch(peer ->
                        !peer.has("namespaceSelector") && redis.equals(peer.path("podSelector").path("matchLabels").path("app").asText())
                                && "replication".equals(peer.path("podSelector").path("matchLabels").path("role").asText()));
                reachable |= port && pods;
            }
        }
        if (!reachable) {
            out.add("api-service's NetworkPolicy does not allow egress to the " + redis + " pods on 6379");
        }
        List<ObjectNode> redisObjects = new ArrayList<>(replications);
        redisObjects.addAll(ofKind(objects, "RedisSentinel"));
        for (ObjectNode o : redisObjects) {
            String where = o.path("kind").asText() + " " + name(o);
            JsonNode spec = o.path("spec");
            requestsAndLimits(spec.path("kubernetesConfig").path("resources"), where, out);
            if (spec.path("redisExporter").path("enabled").asBoolean(false)) {
                requestsAndLimits(spec.path("redisExporter").path("resources"), where + " exporter", out);
                hardened(spec.path("redisExporter").path("securityContext"), where + " exporter", out);
            }
            JsonNode pod = spec.path("podSecurityContext");
            if (!pod.path("runAsNonRoot").asBoolean(false) || pod.path("runAsUser").asInt(-1) == 0) {
                out.add(where + ": pods may run as root (podSecurityContext.runAsNonRoot)");
            }
            hardened(spec.path("securityContext"), where, out);
        }
        return out;
    }

    private static boolean sameSecret(JsonNode reference, JsonNode secret) {
        return reference.path("name").asText("").equals(secret.path("name").asText(null))
                && reference.path("key").asText("").equals(secret.path("key").asText(null));
    }

    private static void requestsAndLimits(JsonNode resources, String where, List<String> out) {
        for (String kind : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                if (!resources.path(kind).has(resource)) {
                    out.add(where + ": no " + resource + " " + kind);
                }
            }
        }
    }

    private static void hardened(JsonNode securityContext, String where, List<String> out) {
        if (!securityContext.has("allowPrivilegeEscalation") || securityContext.path("allowPrivilegeEscalation").asBoolean(true)) {
            out.add(where + ": allowPrivilegeEscalation is not false");
        }
        boolean dropsAll = StreamSupport.stream(securityContext.path("capabilities").path("drop").spliterator(), false)
                .anyMatch(n -> n.asText().equals("ALL"));
        if (!dropsAll || securityContext.path("capabilities").path("add").size() > 0 || securityContext.path("privileged").asBoolean(false)) {
            out.add(where + ": capabilities do not drop ALL (or add some, or run privileged)");
        }
    }

    private static boolean selects(JsonNode matchLabels, JsonNode labels) {
        if (!matchLabels.isObject() || matchLabels.isEmpty()) {
            return false;
        }
        java.util.Iterator<Map.Entry<String, JsonNode>> it = matchLabels.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    private static List<JsonNode> podTemplateLabels(List<ObjectNode> objects) {
        return ofKind(objects, "Deployment").stream()
                .map(d -> d.path("spec").path("template").path("metadata").path("labels")).toList();
    }

    private static boolean exists(List<ObjectNode> objects, String kind, String name) {
        return objects.stream().anyMatch(o -> o.path("kind").asText().equals(kind) && name(o).equals(name));
    }

    /**
     * References between objects resolve: a Deployment's selector matches its own pod template (the API server
     * rejects it otherwise); every Service, PodDisruptionBudget and NetworkPolicy selects some pod template;
     * autoscalers target existing Deployments; Ingress backends name existing Services and their ports; the
     * ConfigMaps, ServiceAccounts and volumes a pod uses exist (a missing ConfigMap stops the pod from starting;
     * Secrets are created by the operator and are deliberately not checked).
     */
    static List<String> references(List<ObjectNode> objects) {
        List<String> out = new ArrayList<>();
        List<JsonNode> templates = podTemplateLabels(objects);
        for (ObjectNode d : ofKind(objects, "Deployment")) {
            JsonNode pod = d.path("spec").path("template");
            if (!selects(d.path("spec").path("selector").path("matchLabels"), pod.path("metadata").path("labels"))) {
                out.add("Deployment " + name(d) + ": selector does not match its pod template");
            }
            String sa = pod.path("spec").path("serviceAccountName").asText("default");
            if (!sa.equals("default") && !exists(objects, "ServiceAccount", sa)) {
                out.add("Deployment " + name(d) + ": no ServiceAccount " + sa);
            }
            for (JsonNode c : pod.path("spec").path("containers")) {
                for (JsonNode from : c.path("envFrom")) {
                    String cm = from.path("configMapRef").path("name").asText(null);
                    if (cm != null && !from.path("configMapRef").path("optional").asBoolean(false) && !exists(objects, "ConfigMap", cm)) {
                        out.add("Deployment " + name(d) + ": no ConfigMap " + cm);
                    }
                }
                for (JsonNode env : c.path("env")) {
                    JsonNode ref = env.path("valueFrom").path("configMapKeyRef");
                    if (!ref.isMissingNode() && !ref.path("optional").asBoolean(false)) {
                        JsonNode cm = objects.stream().filter(o -> o.path("kind").asText().equals("ConfigMap")
                                && name(o).equals(ref.path("name").asText())).findFirst().orElse(null);
                        if (cm == null || !cm.path("data").has(ref.path("key").asText())) {
                            out.add("Deployment " + name(d) + ": no ConfigMap key " + ref);
                        }
                    }
                }
                for (JsonNode m : c.path("volumeMounts")) {
                    boolean declared = false;
                    for (JsonNode v : pod.path("spec").path("volumes")) {
                        declared |= v.path("name").asText().equals(m.path("name").asText());
                    }
                    if (!declared) {
                        out.add("Deployment " + name(d) + ": volumeMount of undeclared volume " + m.path("name").asText());
                    }
                }
            }
        }
        for (ObjectNode s : ofKind(objects, "Service")) {
            if (templates.stream().noneMatch(t -> selects(s.path("spec").path("selector"), t))) {
                out.add("Service " + name(s) + " selects no pod template");
            }
        }
        for (ObjectNode p : ofKind(objects, "PodDisruptionBudget")) {
            if (templates.stream().noneMatch(t -> selects(p.path("spec").path("selector").path("matchLabels"), t))) {
                out.add("PodDisruptionBudget " + name(p) + " selects no pod template");
            }
        }
        for (ObjectNode n : ofKind(objects, "NetworkPolicy")) {
            if (templates.stream().noneMatch(t -> selects(n.path("spec").path("podSelector").path("matchLabels"), t))) {
                out.add("NetworkPolicy " + name(n) + " selects no pod template");
            }
        }
        for (String kind : List.of("HorizontalPodAutoscaler", "ScaledObject")) {
            for (ObjectNode a : ofKind(objects, kind)) {
                JsonNode ref = a.path("spec").path("scaleTargetRef");
                if (!ref.path("kind").asText("Deployment").equals("Deployment") || !exists(objects, "Deployment", ref.path("name").asText())) {
                    out.add(kind + " " + name(a) + " targets a missing " + ref);
                }
            }
        }
        for (ObjectNode ing : ofKind(objects, "Ingress")) {
            for (JsonNode rule : ing.path("spec").path("rules")) {
                for (JsonNode path : rule.path("http").path("paths")) {
                    JsonNode svc = path.path("backend").path("service");
                    ObjectNode service = ofKind(objects, "Service").stream()
                            .filter(s -> name(s).equals(svc.path("name").asText())).findFirst().orElse(null);
                    if (service == null) {
                        out.add("Ingress " + name(ing) + ": no Service " + svc.path("name").asText());
                        continue;
                    }
                    boolean port = false;
                    for (JsonNode p : service.path("spec").path("ports")) {
                        port |= svc.path("port").has("name") ? p.path("name").asText().equals(svc.path("port").path("name").asText())
                                : p.path("port").asInt() == svc.path("port").path("number").asInt();
                    }
                    if (!port) {
                        out.add("Ingress " + name(ing) + ": Service " + name(service) + " has no port " + svc.path("port"));
                    }
                }
            }
        }
        for (ObjectNode db : ofKind(objects, "Database")) {
            if (!exists(objects, "Cluster", db.path("spec").path("cluster").path("name").asText())) {
                out.add("Database " + name(db) + " refers to a missing Cluster");
            }
        }
        for (String kind : List.of("KafkaTopic", "KafkaNodePool")) {
            for (ObjectNode t : ofKind(objects, kind)) {
                if (!exists(objects, "Kafka", t.path("metadata").path("labels").path("strimzi.io/cluster").asText())) {
                    out.add(kind + " " + name(t) + ": label strimzi.io/cluster names no Kafka");
                }
            }
        }
        return out;
    }
}
