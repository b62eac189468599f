package ai.babysea.deploy.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strategic merge patch as Kustomize (kyaml merge2) applies it.
 *
 * <ul>
 *   <li>maps merge recursively; a {@code null} value deletes the field; a scalar or list replaces;</li>
 *   <li>lists of a built-in kind merge by the field's {@code patchMergeKey} from the Kubernetes API
 *       (containers/env/volumes by {@code name}, volumeMounts by {@code mountPath}, container ports by
 *       {@code containerPort}, Service ports by {@code port}, ...); a built-in list without a merge key is replaced;</li>
 *   <li>lists of a custom resource (no schema known to Kustomize) merge by kyaml's associative-key heuristic: the
 *       first of {@code mountPath, devicePath, ip, type, topologyKey, name, containerPort} present in the list's
 *       first element; otherwise the list is replaced.</li>
 * </ul>
 * Patch directives ({@code $patch}, {@code $setElementOrder}, {@code $retainKeys}, {@code $deleteFromPrimitiveList})
 * are not implemented and rejected.
 */
public final class StrategicMerge {
    /** kyaml's AssociativeSequenceKeys, in its order. */
    static final List<String> ASSOCIATIVE_KEYS =
            List.of("mountPath", "devicePath", "ip", "type", "topologyKey", "name", "containerPort");

    /** patchMergeKey of the list fields of built-in kinds (field name → key); "ports" depends on the kind. */
    private static final Map<String, String> BUILTIN_MERGE_KEYS = Map.ofEntries(
            Map.entry("containers", "name"),
            Map.entry("initContainers", "name"),
            Map.entry("ephemeralContainers", "name"),
            Map.entry("env", "name"),
            Map.entry("volumes", "name"),
            Map.entry("volumeMounts", "mountPath"),
            Map.entry("volumeDevices", "devicePath"),
            Map.entry("imagePullSecrets", "name"),
            Map.entry("hostAliases", "ip"),
            Map.entry("topologySpreadConstraints", "topologyKey"),
            Map.entry("conditions", "type"),
            Map.entry("resourceClaims", "name"));

    /** API groups served by Kubernetes itself (Kustomize knows their schema). */
    private static final Set<String> BUILTIN_GROUPS = Set.of("", "apps", "batch", "policy", "autoscaling",
            "networking.k8s.io", "rbac.authorization.k8s.io", "storage.k8s.io", "scheduling.k8s.io",
            "coordination.k8s.io", "discovery.k8s.io", "admissionregistration.k8s.io", "apiextensions.k8s.io",
            "certificates.k8s.io", "node.k8s.io");

    private StrategicMerge() {
    }

    static boolean isBuiltin(String apiVersion) {
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        return BUILTIN_GROUPS.contains(group);
    }

    /** Merges {@code patch} into {@code target} (changed in place). */
    public static void apply(ObjectNode target, JsonNode patch) {
        if (!patch.isObject()) {
            throw new KustomizeException("a strategic merge patch must be a map");
        }
        String apiVersion = target.path("apiVersion").asText("");
        String kind = target.path("kind").asText("");
        mergeMap(target, (ObjectNode) patch, isBuiltin(apiVersion), kind);
    }

    private static void mergeMap(ObjectNode target, ObjectNode patch, boolean builtin, String kind) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String name = f.getKey();
            JsonNode value = f.getValue();
            if (name.startsWith("$")) {
                throw new KustomizeException("strategic merge directive " + name + " is not supported");
            }
            JsonNode existing = target.get(name);
            if (value.isNull()) {
                target.remove(name);
            } else if (value.isObject() && existing != null && existing.isObject()) {
                mergeMap((ObjectNode) existing, (ObjectNode) value, builtin, kind);
            } else if (value.isArray() && existing != null && existing.isArray()) {
                String key = mergeKey(name, (ArrayNode) existing, (ArrayNode) value, builtin, kind);
                if (key == null) {
                    target.set(name, stripNulls(value.deepCopy()));
                } else {
                    mergeList((ArrayNode) existing, (ArrayNode) value, key, builtin, kind);
                }
            } else {
                target.set(name, stripNulls(value.deepCopy()));
            }
        }
    }

    private static String mergeKey(String field, ArrayNode existing, ArrayNode patch, boolean builtin, String kind) {
        if (builtin) {
            if (field.equals("ports")) {
                return kind.equals("Service") ? "port" : "containerPort";
            }
            return BUILTIN_MERGE_KEYS.get(field);
        }
        JsonNode first = !existing.isEmpty() ? existing.get(0) : patch.isEmpty() ? null : patch.get(0);
        if (first == null || !first.isObject()) {
            return null;
        }
        for (String key : ASSOCIATIVE_KEYS) {
            if (first.has(key)) {
                return key;
            }
        }
        return null;
    }

    private static void mergeList(ArrayNode target, ArrayNode patch, String key, boolean builtin, String kind) {
        for (JsonNode element : patch) {
            if (!element.isObject() || !element.has(key)) {
                throw new KustomizeException("list element without merge key '" + key + "': " + element);
            }
            ObjectNode match = null;
            for (JsonNode existing : target) {
                if (existing.isObject() && element.get(key).equals(existing.get(key))) {
                    match = (ObjectNode) existing;
                    break;
                }
            }
            if (match == null) {
                target.add(stripNulls(element.deepCopy()));
            } else {
                mergeMap(match, (ObjectNode) element, builtin, kind);
            }
        }
    }

    private static JsonNode stripNulls(JsonNode node) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().startsWith("$")) {
                    throw new KustomizeException("strategic merge directive " + e.getKey() + " is not supported");
                }
                if (e.getValue().isNull()) {
                    it.remove();
                } else {
                    stripNulls(e.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(StrategicMerge::stripNulls);
        }
        return node;
    }
}
