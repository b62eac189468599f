package ai.babysea.deploy.kustomize;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Renders a kustomization directory the way {@code kustomize build} (v5) does, for the subset of Kustomize the
 * BabySea manifests use, and fails loudly on anything else instead of ignoring it.
 *
 * <p>Supported kustomization fields: {@code resources} (files, multi-document YAML, and directories holding a
 * kustomization, rendered first with their own transformations), {@code namespace}, {@code labels}
 * ({@code pairs}, {@code includeTemplates}; {@code includeSelectors: false} only), {@code images}
 * ({@code name}, {@code newName}, {@code newTag}, {@code digest}), {@code replicas} and {@code patches}
 * ({@code path} or inline {@code patch}; strategic merge with or without {@code target}, JSON 6902 with a
 * {@code target} of group/version/kind/name/namespace). Transformations run in Kustomize's built-in order:
 * patches, namespace, labels, replicas, images.
 *
 * <p>Deliberately stricter than Kustomize: a patch or a replicas entry that matches no resource is an error.
 */
public final class Kustomize {
    private static final List<String> KUSTOMIZATION_FILES = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");
    private static final Set<String> SUPPORTED_FIELDS =
            Set.of("apiVersion", "kind", "resources", "namespace", "labels", "images", "replicas", "patches");
    /** Kinds Kustomize treats as cluster-scoped (those that can occur in BabySea's manifests and a few more). */
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "IngressClass", "PriorityClass",
            "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "APIService",
            "ClusterTriggerAuthentication", "ClusterImageCatalog", "ClusterIssuer");
    /** Kinds whose namespace handling in Kustomize goes beyond metadata.namespace (not implemented). */
    private static final Set<String> NAMESPACE_SPECIAL = Set.of("RoleBinding", "ClusterRoleBinding",
            "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "APIService", "CustomResourceDefinition");
    private static final Set<String> REPLICA_KINDS = Set.of("Deployment", "ReplicaSet", "ReplicationController", "StatefulSet");
    private static final Set<String> TEMPLATE_KINDS = Set.of("Deployment", "ReplicaSet", "ReplicationController",
            "DaemonSet", "StatefulSet", "Job");

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS))
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Kustomize() {
    }

    /** Renders the kustomization in {@code dir}; the returned objects are fresh copies. */
    public static List<ObjectNode> render(Path dir) {
        return render(dir.toAbsolutePath().normalize(), new HashSet<>());
    }

    /** The rendered objects as one multi-document YAML stream, like {@code kustomize build} prints. */
    public static String toYaml(List<ObjectNode> objects) {
        StringBuilder out = new StringBuilder();
        for (ObjectNode o : objects) {
            try {
                out.append("---\n").append(YAML.writeValueAsString(o));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out.toString();
    }

    /** Reads every document of a YAML file (empty documents skipped). */
    public static List<JsonNode> readYaml(Path file) {
        try {
            return readYaml(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads every document of a YAML text (empty documents skipped). */
    public static List<JsonNode> readYaml(String text, String origin) {
        // Document by document: a MappingIterator would unwrap a top-level list (a JSON 6902 patch) into its elements.
        List<JsonNode> docs = new ArrayList<>();
        try (JsonParser parser = YAML.getFactory().createParser(text)) {
            while (parser.nextToken() != null) {
                JsonNode doc = YAML.readTree(parser);
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            throw new KustomizeException("invalid YAML in " + origin + ": " + e.getMessage(), e);
        }
        return docs;
    }

    private static List<ObjectNode> render(Path dir, Set<Path> visiting) {
        if (!visiting.add(dir)) {
            throw new KustomizeException("cycle in kustomization resources at " + dir);
        }
        Path file = KUSTOMIZATION_FILES.stream().map(dir::resolve).filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new KustomizeException("no kustomization file in " + dir));
        List<JsonNode> docs = readYaml(file);
        if (docs.size() != 1 || !docs.get(0).isObject()) {
            throw new KustomizeException(file + " must hold exactly one map");
        }
        JsonNode k = docs.get(0);
        for (Iterator<String> it = k.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!SUPPORTED_FIELDS.contains(field)) {
                throw new KustomizeException(file + ": kustomization field '" + field + "' is not supported by this renderer");
            }
        }
        String kind = k.path("kind").asText("Kustomization");
        if (!kind.equals("Kustomization")) {
            throw new KustomizeException(file + ": kind " + kind + " is not supported");
        }

        List<ObjectNode> resources = new ArrayList<>();
        Map<String, ObjectNode> ids = new LinkedHashMap<>();
        for (JsonNode entry : list(k, "resources")) {
            String ref = entry.asText();
            if (ref.contains("://") || ref.startsWith("github.com/")) {
                throw new KustomizeException(file + ": remote resource '" + ref + "' is not supported");
            }
            Path p = dir.resolve(ref).normalize();
            List<ObjectNode> loaded;
            if (Files.isDirectory(p)) {
                loaded = render(p, visiting);
            } else if (Files.isRegularFile(p)) {
                requireUnder(dir, p, file);
                loaded = new ArrayList<>();
                for (JsonNode doc : readYaml(p)) {
                    loaded.add(checkResource(doc, p));
                }
            } else {
                throw new KustomizeException(file + ": resource '" + ref + "' does not exist");
            }
            for (ObjectNode r : loaded) {
                String id = id(r);
                if (ids.putIfAbsent(id, r) != null) {
                    throw new KustomizeException(file + ": may not add resource with an already registered id: " + id);
                }
                resources.add(r);
            }
        }

        for (JsonNode patch : list(k, "patches")) {
            applyPatch(dir, file, patch, resources);
        }
        if (k.hasNonNull("namespace")) {
            applyNamespace(k.get("namespace").asText(), resources);
        }
        for (JsonNode labels : list(k, "labels")) {
            applyLabels(file, labels, resources);
        }
        for (JsonNode replicas : list(k, "replicas")) {
            applyReplicas(file, replicas, resources);
        }
        for (JsonNode image : list(k, "images")) {
            applyImage(file, image, resources);
        }
        visiting.remove(dir);
        return resources;
    }

    private static Iterable<JsonNode> list(JsonNode k, String field) {
        JsonNode v = k.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new KustomizeException("kustomization field '" + field + "' must be a list");
        }
        return v;
    }

    private static void requireUnder(Path root, Path file, Path kustomization) {
        if (!file.startsWith(root)) {
            throw new KustomizeException(kustomization + ": '" + file + "' is not in or below " + root
                    + " (Kustomize's load restrictor rejects it)");
        }
    }

    private static ObjectNode checkResource(JsonNode doc, Path origin) {
        if (!doc.isObject()) {
            throw new KustomizeException(origin + ": a resource must be a map");
        }
        ObjectNode o = (ObjectNode) doc;
        if (!o.path("apiVersion").isTextual() || !o.path("kind").isTextual()) {
            throw new KustomizeException(origin + ": resource without apiVersion or kind");
        }
        if (o.get("kind").asText().endsWith("List")) {
            throw new KustomizeException(origin + ": List resources are not supported");
        }
        if (!o.path("metadata").path("name").isTextual() || o.path("metadata").path("name").asText().isEmpty()) {
            throw new KustomizeException(origin + ": missing metadata.name in " + o.get("kind").asText());
        }
        return o;
    }

    /** group/version/kind|namespace|name, Kustomize's resource id. */
    static String id(JsonNode r) {
        return r.path("apiVersion").asText() + "/" + r.path("kind").asText() + "|"
                + r.path("metadata").path("namespace").asText("") + "|" + r.path("metadata").path("name").asText();
    }

    // ---- patches ------------------------------------------------------------------------------------------

    private static void applyPatch(Path dir, Path file, JsonNode entry, List<ObjectNode> resources) {
        for (Iterator<String> it = entry.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("path", "patch", "target").contains(f)) {
                throw new KustomizeException(file + ": patch field '" + f + "' is not supported");
            }
        }
        String text;
        String origin;
        if (entry.hasNonNull("path") == entry.hasNonNull("patch")) {
            throw new KustomizeException(file + ": a patch needs exactly one of 'path' and 'patch'");
        }
        if (entry.hasNonNull("path")) {
            Path p = dir.resolve(entry.get("path").asText()).normalize();
            requireUnder(dir, p, file);
            try {
                text = Files.readString(p);
            } catch (IOException e) {
                throw new KustomizeException(file + ": cannot read patch " + p, e);
            }
            origin = p.toString();
        } else {
            text = entry.get("patch").asText();
            origin = file + " (inline patch)";
        }
        List<JsonNode> docs = readYaml(text, origin);
        if (docs.isEmpty()) {
            throw new KustomizeException(origin + ": empty patch");
        }
        JsonNode target = entry.get("target");
        if (docs.size() == 1 && docs.get(0).isArray()) {
            if (target == null) {
                throw new KustomizeException(origin + ": a JSON 6902 patch needs a target");
            }
            List<ObjectNode> matched = select(target, resources, origin);
            for (ObjectNode r : matched) {
                JsonNode result = JsonPatch.apply(r, docs.get(0));
                if (result != r) {
                    throw new KustomizeException(origin + ": replacing a whole resource is not supported");
                }
            }
            return;
        }
        for (JsonNode doc : docs) {
            if (!doc.isObject()) {
                throw new KustomizeException(origin + ": a patch is either a JSON 6902 list or strategic merge maps");
            }
            List<ObjectNode> matched;
            if (target != null) {
                matched = select(target, resources, origin);
            } else {
                matched = new ArrayList<>();
                String name = doc.path("metadata").path("name").asText("");
                String ns = doc.path("metadata").path("namespace").asText("");
                for (ObjectNode r : resources) {
                    if (r.path("apiVersion").asText().equals(doc.path("apiVersion").asText())
                            && r.path("kind").asText().equals(doc.path("kind").asText())
                            && r.path("metadata").path("name").asText().equals(name)
                            && (ns.isEmpty() || ns.equals(r.path("metadata").path("namespace").asText("")))) {
                        matched.add(r);
                    }
                }
                if (matched.size() != 1) {
                    throw new KustomizeException(origin + ": failed to find unique target for patch "
                            + doc.path("kind").asText() + " " + name + " (" + matched.size() + " matches)");
                }
            }
            for (ObjectNode r : matched) {
                ObjectNode patch = doc.deepCopy();
                if (target != null) {
                    // Kustomize merges a targeted patch under the target's own identity.
                    patch.remove("apiVersion");
                    patch.remove("kind");
                    if (patch.path("metadata").isObject()) {
                        ((ObjectNode) patch.get("metadata")).remove("name");
                        ((ObjectNode) patch.get("metadata")).remove("namespace");
                    }
                }
                StrategicMerge.apply(r, patch);
            }
        }
    }

    private static List<ObjectNode> select(JsonNode target, List<ObjectNode> resources, String origin) {
        for (Iterator<String> it = target.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("group", "version", "kind", "name", "namespace").contains(f)) {
                throw new KustomizeException(origin + ": patch target field '" + f + "' is not supported");
            }
        }
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode r : resources) {
            String apiVersion = r.path("apiVersion").asText();
            String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
            String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
            if (matches(target, "group", group) && matches(target, "version", version)
                    && matches(target, "kind", r.path("kind").asText())
                    && matchesRegex(target, "name", r.path("metadata").path("name").asText())
                    && matchesRegex(target, "namespace", r.path("metadata").path("namespace").asText(""))) {
                out.add(r);
            }
        }
        if (out.isEmpty()) {
            throw new KustomizeException(origin + ": patch target " + target + " matches no resource");
        }
        return out;
    }

    private static boolean matches(JsonNode target, String field, String value) {
        return !target.hasNonNull(field) || target.get(field).asText().equals(value);
    }

    /** Kustomize matches target names and namespaces as anchored regular expressions. */
    private static boolean matchesRegex(JsonNode target, String field, String value) {
        return !target.hasNonNull(field) || Pattern.matches(target.get(field).asText(), value);
    }

    // ---- namespace, labels, replicas, images ------------------------------------------------------------------

    private static void applyNamespace(String namespace, List<ObjectNode> resources) {
        for (ObjectNode r : resources) {
            String kind = r.path("kind").asText();
            if (NAMESPACE_SPECIAL.contains(kind)) {
                throw new KustomizeException("namespace transformation of " + kind + " is not supported");
            }
            if (kind.equals("Namespace")) {
                if (!r.path("metadata").path("name").asText().equals(namespace)) {
                    throw new KustomizeException("Namespace " + r.path("metadata").path("name").asText()
                            + " differs from the kustomization namespace " + namespace + " (renaming is not supported)");
                }
                continue;
            }
            if (!CLUSTER_SCOPED.contains(kind)) {
                metadata(r).put("namespace", namespace);
            }
        }
    }

    private static void applyLabels(Path file, JsonNode entry, List<ObjectNode> resources) {
        for (Iterator<String> it = entry.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("pairs", "includeSelectors", "includeTemplates").contains(f)) {
                throw new KustomizeException(file + ": labels field '" + f + "' is not supported");
            }
        }
        if (entry.path("includeSelectors").asBoolean(false)) {
            throw new KustomizeException(file + ": labels with includeSelectors: true are not supported");
        }
        boolean templates = entry.path("includeTemplates").asBoolean(false);
        JsonNode pairs = entry.path("pairs");
        if (!pairs.isObject()) {
            throw new KustomizeException(file + ": labels entry without pairs");
        }
        for (ObjectNode r : resources) {
            putAll(child(metadata(r), "labels"), pairs);
            String kind = r.path("kind").asText();
            if (templates && TEMPLATE_KINDS.contains(kind)) {
                ObjectNode template = child(child(r, "spec"), "template");
                putAll(child(child(template, "metadata"), "labels"), pairs);
            } else if (templates && kind.equals("CronJob")) {
                ObjectNode jobTemplate = child(child(r, "spec"), "jobTemplate");
                putAll(child(child(jobTemplate, "metadata"), "labels"), pairs);
                ObjectNode template = child(child(jobTemplate, "spec"), "template");
                putAll(child(child(template, "metadata"), "labels"), pairs);
            }
        }
    }

    private static void putAll(ObjectNode labels, JsonNode pairs) {
        pairs.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    }

    private static void applyReplicas(Path file, JsonNode entry, List<ObjectNode> resources) {
        String name = entry.path("name").asText("");
        if (!entry.path("count").canConvertToInt()) {
            throw new KustomizeException(file + ": replicas entry " + name + " without an integer count");
        }
        int matched = 0;
        for (ObjectNode r : resources) {
            if (REPLICA_KINDS.contains(r.path("kind").asText()) && r.path("metadata").path("name").asText().equals(name)) {
                child(r, "spec").put("replicas", entry.get("count").asInt());
                matched++;
            }
        }
        if (matched == 0) {
            throw new KustomizeException(file + ": replicas entry '" + name + "' matches no workload");
        }
    }

    private static void applyImage(Path file, JsonNode entry, List<ObjectNode> resources) {
        for (Iterator<String> it = entry.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("name", "newName", "newTag", "digest").contains(f)) {
                throw new KustomizeException(file + ": images field '" + f + "' is not supported");
            }
        }
        String name = entry.path("name").asText("");
        if (name.isEmpty()) {
            throw new KustomizeException(file + ": images entry without name");
        }
        for (ObjectNode r : resources) {
            rewriteImages(r, entry, name);
        }
    }

    /** Kustomize rewrites the image of every element of any {@code containers} or {@code initContainers} list. */
    private static void rewriteImages(JsonNode node, JsonNode entry, String name) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                if ((f.getKey().equals("containers") || f.getKey().equals("initContainers")) && f.getValue().isArray()) {
                    for (JsonNode c : f.getValue()) {
                        if (c.isObject() && c.path("image").isTextual()) {
                            ImageRef ref = ImageRef.parse(c.get("image").asText());
                            if (ref.name().equals(name)) {
                                ((ObjectNode) c).set("image", new TextNode(ref.with(entry).toString()));
                            }
                        }
                    }
                }
                rewriteImages(f.getValue(), entry, name);
            });
        } else if (node.isArray()) {
            node.forEach(n -> rewriteImages(n, entry, name));
        }
    }

    private static ObjectNode metadata(ObjectNode r) {
        return child(r, "metadata");
    }

    private static ObjectNode child(ObjectNode parent, String field) {
        JsonNode c = parent.get(field);
        if (c == null || c.isNull()) {
            return parent.putObject(field);
        }
        if (!c.isObject()) {
            throw new KustomizeException("field '" + field + "' is not a map");
        }
        return (ObjectNode) c;
    }

    /** An image reference {@code name[:tag][@digest]} (the tag's colon is the last one after the last slash). */
    public record ImageRef(String name, String tag, String digest) {
        public static ImageRef parse(String image) {
            String rest = image;
            String digest = null;
            int at = rest.indexOf('@');
            if (at >= 0) {
                digest = rest.substring(at + 1);
                rest = rest.substring(0, at);
            }
            String tag = null;
            int colon = rest.lastIndexOf(':');
            if (colon > rest.lastIndexOf('/')) {
                tag = rest.substring(colon + 1);
                rest = rest.substring(0, colon);
            }
            return new ImageRef(rest, tag, digest);
        }

        ImageRef with(JsonNode entry) {
            String n = entry.hasNonNull("newName") ? entry.get("newName").asText() : name;
            if (entry.hasNonNull("digest")) {
                return new ImageRef(n, null, entry.get("digest").asText());
            }
            if (entry.hasNonNull("newTag")) {
                return new ImageRef(n, entry.get("newTag").asText(), null);
            }
            return new ImageRef(n, tag, digest);
        }

        @Override
        public String toString() {
            return name + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
        }
    }

    /** Prints the rendered overlay: {@code java ... ai.babysea.deploy.kustomize.Kustomize deploy/k8s/overlays/us}. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: Kustomize <kustomization directory>");
            System.exit(2);
        }
        System.out.print(toYaml(render(Path.of(args[0]))));
    }

    static ArrayNode emptyArray() {
        return YAML.createArrayNode();
    }
}
