package ai.babysea.deploy.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The renderer against small kustomizations whose `kustomize build` output is known. */
class KustomizeTest {
    @TempDir
    Path dir;

    private void write(String path, String text) throws IOException {
        Path p = dir.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static JsonNode yaml(String text) {
        return Kustomize.readYaml(text, "expected").get(0);
    }

    private static ObjectNode find(List<ObjectNode> objects, String kind, String name) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)
                && o.path("metadata").path("name").asText().equals(name)).findFirst().orElseThrow();
    }

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              labels: {app: web}
            spec:
              replicas: 1
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  initContainers:
                    - name: init
                      image: busybox:1.36
                  containers:
                    - name: web
                      image: registry.local:5000/team/web:1.0
                      env:
                        - {name: A, value: "1"}
                        - {name: B, value: "2"}
                      ports:
                        - {name: http, containerPort: 8080}
                      resources:
                        limits: {cpu: "1", memory: 1Gi}
                    - name: sidecar
                      image: envoy:1.30
            """;

    private void base() throws IOException {
        write("base/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: shop
                resources:
                  - deployment.yaml
                  - others.yaml
                """);
        write("base/deployment.yaml", DEPLOYMENT);
        write("base/others.yaml", """
                # a comment-only first document is skipped
                ---
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: shop
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                  namespace: elsewhere
                spec:
                  selector: {app: web}
                  ports:
                    - {name: http, port: 80, targetPort: http}
                ---
                apiVersion: example.com/v1
                kind: Widget
                metadata:
                  name: w
                spec:
                  replicas: 2
                  volumes:
                    - {id: 0, type: disk, size: 10Gi}
                    - {id: 1, type: tape, size: 1Ti}
                  zones: [a, b]
                """);
    }

    @Test
    void namespaceLabelsImagesAndReplicas() throws IOException {
        base();
        write("overlay/kustomization.yaml", """
                resources:
                  - ../base
                labels:
                  - pairs: {region: eu}
                    includeTemplates: true
                images:
                  - name: registry.local:5000/team/web
                    newTag: "2.0"
                  - name: busybox
                    newName: mirror.local/busybox
                  - name: envoy
                    digest: sha256:abc
                replicas:
                  - name: web
                    count: 3
                """);
        List<ObjectNode> out = Kustomize.render(dir.resolve("overlay"));
        assertEquals(4, out.size());
        ObjectNode d = find(out, "Deployment", "web");
        assertEquals("shop", d.path("metadata").path("namespace").asText());
        assertEquals("eu", d.path("metadata").path("labels").path("region").asText());
        assertEquals("web", d.path("metadata").path("labels").path("app").asText());
        assertEquals("eu", d.path("spec").path("template").path("metadata").path("labels").path("region").asText());
        assertFalse(d.path("spec").path("selector").path("matchLabels").has("region"), "includeSelectors is false");
        assertEquals(3, d.path("spec").path("replicas").asInt());
        JsonNode pod = d.path("spec").path("template").path("spec");
        assertEquals("registry.local:5000/team/web:2.0", pod.path("containers").get(0).path("image").asText());
        assertEquals("envoy@sha256:abc", pod.path("containers").get(1).path("image").asText());
        assertEquals("mirror.local/busybox:1.36", pod.path("initContainers").get(0).path("image").asText());
        // the namespace transformer overrides namespaces and leaves cluster-scoped objects alone
        assertEquals("shop", find(out, "Service", "web").path("metadata").path("namespace").asText());
        ObjectNode ns = find(out, "Namespace", "shop");
        assertFalse(ns.path("metadata").has("namespace"));
        assertEquals("eu", ns.path("metadata").path("labels").path("region").asText());
        // labels with includeTemplates do not invent templates for kinds without one
        assertFalse(find(out, "Widget", "w").path("spec").has("template"));
        assertTrue(Kustomize.toYaml(out).contains("image: registry.local:5000/team/web:2.0"));
    }

    @Test
    void strategicMergeOfABuiltinKindMergesListsByTheirMergeKey() throws IOException {
        base();
        write("overlay/kustomization.yaml", """
                resources: [../base]
                patches:
                  - path: web.yaml
                """);
        write("overlay/web.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  replicas: null
                  template:
                    spec:
                      containers:
                        - name: web
                          env:
                            - {name: B, value: "20"}
                            - {name: C, value: "3"}
                          ports:
                            - {name: admin, containerPort: 9000}
                          resources:
                            limits: {memory: 2Gi}
                        - name: extra
                          image: extra:1
                """);
        ObjectNode d = find(Kustomize.render(dir.resolve("overlay")), "Deployment", "web");
        JsonNode expectedSpec = yaml("""
                selector:
                  matchLabels: {app: web}
                template:
                  metadata:
                    labels: {app: web}
                  spec:
                    initContainers:
                      - name: init
                        image: busybox:1.36
                    containers:
                      - name: web
                        image: registry.local:5000/team/web:1.0
                        env:
                          - {name: A, value: "1"}
                          - {name: B, value: "20"}
                          - {name: C, value: "3"}
                        ports:
                          - {name: http, containerPort: 8080}
                          - {name: admin, containerPort: 9000}
                        resources:
                          limits: {cpu: "1", memory: 2Gi}
                      - name: sidecar
                        image: envoy:1.30
                      - name: extra
                        image: extra:1
                """);
        assertEquals(expectedSpec, d.get("spec"));
    }

    @Test
    void strategicMergeOfACustomResourceUsesKyamlsAssociativeKeys() throws IOException {
        base();
        write("overlay/kustomization.yaml", """
                resources: [../base]
                patches:
                  - patch: |-
                      apiVersion: example.com/v1
                      kind: Widget
                      metadata:
                        name: w
                      spec:
                        replicas: 5
                        volumes:
                          - {type: tape, size: 2Ti}
                        zones: [c]
                """);
        ObjectNode w = find(Kustomize.render(dir.resolve("overlay")), "Widget", "w");
        // "type" is one of kyaml's associative keys: the list merges by it; a list of scalars is replaced
        assertEquals(yaml("""
                replicas: 5
                volumes:
                  - {id: 0, type: disk, size: 10Gi}
                  - {id: 1, type: tape, size: 2Ti}
                zones: [c]
                """), w.get("spec"));
    }

    @Test
    void servicePortsMergeByPort() throws IOException {
        base();
        write("overlay/kustomization.yaml", """
                resources: [../base]
                patches:
                  - target: {kind: Service, name: "w.b"}
                    patch: |-
                      apiVersion: v1
                      kind: Service
                      metadata:
                        name: ignored
                      spec:
                        ports:
                          - {port: 80, name: web}
                          - {port: 443, name: https, targetPort: http}
                """);
        ObjectNode s = find(Kustomize.render(dir.resolve("overlay")), "Service", "web");
        assertEquals(yaml("""
                - {name: web, port: 80, targetPort: http}
                - {port: 443, name: https, targetPort: http}
                """), s.path("spec").path("ports"));
    }

    @Test
    void json6902PatchesWithTarget() throws IOException {
        base();
        write("overlay/kustomization.yaml", """
                resources: [../base]
                patches:
                  - target: {group: apps, version: v1, kind: Deployment, name: web}
                    patch: |-
                      - op: replace
                        path: /spec/template/spec/containers/0/env/1/value
                        value: "b"
                      - op: add
                        path: /spec/template/spec/containers/0/env/-
                        value: {name: Z, value: "z"}
                      - op: add
                        path: /spec/template/spec/containers/0/env/0
                        value: {name: FIRST, value: "f"}
                      - op: remove
                        path: /spec/template/spec/containers/1
                      - op: add
                        path: /metadata/annotations
                        value: {a~b/c: x}
                      - op: copy
                        from: /metadata/annotations
                        path: /spec/template/metadata/annotations
                      - op: test
                        path: /metadata/annotations/a~0b~1c
                        value: x
                """);
        ObjectNode d = find(Kustomize.render(dir.resolve("overlay")), "Deployment", "web");
        JsonNode c = d.path("spec").path("template").path("spec").path("containers");
        assertEquals(1, c.size());
        assertEquals(yaml("""
                - {name: FIRST, value: f}
                - {name: A, value: "1"}
                - {name: B, value: b}
                - {name: Z, value: z}
                """), c.get(0).path("env"));
        assertEquals("x", d.path("spec").path("template").path("metadata").path("annotations").path("a~b/c").asText());
    }

    @Test
    void failingJsonPatchTestOperationFails() throws IOException {
        base();
        write("overlay/kustomization.yaml", """
                resources: [../base]
                patches:
                  - target: {kind: Deployment, name: web}
                    patch: |-
                      - {op: test, path: /spec/replicas, value: 7}
                """);
        assertThrows(KustomizeException.class, () -> Kustomize.render(dir.resolve("overlay")));
    }

    @Test
    void unsupportedOrInvalidKustomizationsFailLoudly() throws IOException {
        base();
        String[] broken = {
                "resources: [../base]\nnamePrefix: x-\n",                                   // unsupported field
                "resources: [../base]\ncommonLabels: {a: b}\n",                              // unsupported field
                "resources: [../base]\nlabels:\n  - pairs: {a: b}\n    includeSelectors: true\n",
                "resources: [../base, ../base/deployment.yaml]\n",                           // duplicate id + outside root
                "resources: [../base]\npatches:\n  - path: nothing.yaml\n",                   // missing patch file
                "resources: [../base]\npatches:\n  - patch: |-\n      apiVersion: apps/v1\n      kind: Deployment\n      metadata: {name: nope}\n", // no match
                "resources: [../base]\npatches:\n  - patch: |-\n      - {op: remove, path: /spec}\n", // 6902 without target
                "resources: [../base]\nreplicas:\n  - {name: nope, count: 2}\n",              // replicas without match
                "resources: [https://github.com/example/repo]\n",                            // remote
                "resources: [../base]\npatches:\n  - target: {kind: Deployment, labelSelector: a=b}\n    patch: |-\n      - {op: remove, path: /spec}\n",
                "resources: [../base]\npatches:\n  - patch: |-\n      apiVersion: apps/v1\n      kind: Deployment\n      metadata: {name: web}\n      spec:\n        $patch: replace\n",
        };
        for (String k : broken) {
            write("overlay/kustomization.yaml", k);
            assertThrows(KustomizeException.class, () -> Kustomize.render(dir.resolve("overlay")), k);
        }
    }

    @Test
    void fileResourcesMustStayUnderTheKustomizationRoot() throws IOException {
        base();
        write("overlay/kustomization.yaml", "resources: [../base/deployment.yaml]\n");
        KustomizeException e = assertThrows(KustomizeException.class, () -> Kustomize.render(dir.resolve("overlay")));
        assertTrue(e.getMessage().contains("load restrictor"), e.getMessage());
    }

    @Test
    void cyclesAndMissingNamesAreRejected() throws IOException {
        write("a/kustomization.yaml", "resources: [../b]\n");
        write("b/kustomization.yaml", "resources: [../a]\n");
        assertThrows(KustomizeException.class, () -> Kustomize.render(dir.resolve("a")));
        write("c/kustomization.yaml", "resources: [x.yaml]\n");
        write("c/x.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n");
        assertThrows(KustomizeException.class, () -> Kustomize.render(dir.resolve("c")));
    }

    @Test
    void duplicateKeysAreRejectedAsKubectlDoes() throws IOException {
        write("d/kustomization.yaml", "resources: [x.yaml]\n");
        write("d/x.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  A: \"1\"\n  A: \"2\"\n");
        assertThrows(KustomizeException.class, () -> Kustomize.render(dir.resolve("d")));
    }

    @Test
    void imageReferencesParse() {
        assertEquals(new Kustomize.ImageRef("registry:5000/a/b", null, null), Kustomize.ImageRef.parse("registry:5000/a/b"));
        assertEquals(new Kustomize.ImageRef("a/b", "1.2", null), Kustomize.ImageRef.parse("a/b:1.2"));
        assertEquals(new Kustomize.ImageRef("a", "1", "sha256:x"), Kustomize.ImageRef.parse("a:1@sha256:x"));
    }
}
