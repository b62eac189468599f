package ai.babysea.deploy.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** RFC 6902 JSON Patch (add, remove, replace, move, copy, test) on a Jackson tree, as Kustomize applies it. */
public final class JsonPatch {
    private JsonPatch() {
    }

    /** Applies the operations in order to {@code document} (changed in place) and returns it. */
    public static JsonNode apply(JsonNode document, JsonNode operations) {
        if (!operations.isArray()) {
            throw new KustomizeException("a JSON 6902 patch must be a list of operations");
        }
        JsonNode doc = document;
        for (JsonNode op : operations) {
            String kind = text(op, "op");
            String path = text(op, "path");
            switch (kind) {
                case "add" -> doc = add(doc, path, value(op).deepCopy());
                case "remove" -> remove(doc, path);
                case "replace" -> {
                    get(doc, path); // must exist
                    if (path.isEmpty()) {
                        doc = value(op).deepCopy();
                    } else {
                        remove(doc, path);
                        doc = add(doc, path, value(op).deepCopy());
                    }
                }
                case "move" -> {
                    JsonNode moved = get(doc, text(op, "from"));
                    remove(doc, text(op, "from"));
                    doc = add(doc, path, moved);
                }
                case "copy" -> doc = add(doc, path, get(doc, text(op, "from")).deepCopy());
                case "test" -> {
                    if (!get(doc, path).equals(value(op))) {
                        throw new KustomizeException("JSON patch test failed at " + path);
                    }
                }
                default -> throw new KustomizeException("unknown JSON patch operation '" + kind + "'");
            }
        }
        return doc;
    }

    static List<String> tokens(String pointer) {
        if (pointer.isEmpty()) {
            return List.of();
        }
        if (!pointer.startsWith("/")) {
            throw new KustomizeException("JSON pointer must start with '/': " + pointer);
        }
        List<String> out = new ArrayList<>();
        for (String t : pointer.substring(1).split("/", -1)) {
            out.add(t.replace("~1", "/").replace("~0", "~"));
        }
        return out;
    }

    private static JsonNode get(JsonNode doc, String pointer) {
        JsonNode node = doc;
        for (String t : tokens(pointer)) {
            node = child(node, t, pointer);
        }
        return node;
    }

    private static JsonNode child(JsonNode node, String token, String pointer) {
        JsonNode next;
        if (node.isObject()) {
            next = node.get(token);
        } else if (node.isArray()) {
            next = node.get(index(token, node.size() - 1, pointer));
        } else {
            next = null;
        }
        if (next == null) {
            throw new KustomizeException("JSON patch path does not exist: " + pointer);
        }
        return next;
    }

    private static JsonNode add(JsonNode doc, String pointer, JsonNode value) {
        List<String> t = tokens(pointer);
        if (t.isEmpty()) {
            return value;
        }
        JsonNode parent = doc;
        for (String s : t.subList(0, t.size() - 1)) {
            parent = child(parent, s, pointer);
        }
        String last = t.get(t.size() - 1);
        if (parent.isObject()) {
            ((ObjectNode) parent).set(last, value);
        } else if (parent.isArray()) {
            ArrayNode array = (ArrayNode) parent;
            if (last.equals("-")) {
                array.add(value);
            } else {
                array.insert(index(last, array.size(), pointer), value);
            }
        } else {
            throw new KustomizeException("JSON patch parent is not a container: " + pointer);
        }
        return doc;
    }

    private static void remove(JsonNode doc, String pointer) {
        List<String> t = tokens(pointer);
        if (t.isEmpty()) {
            throw new KustomizeException("cannot remove the whole document");
        }
        JsonNode parent = doc;
        for (String s : t.subList(0, t.size() - 1)) {
            parent = child(parent, s, pointer);
        }
        String last = t.get(t.size() - 1);
        if (parent.isObject() && parent.has(last)) {
            ((ObjectNode) parent).remove(last);
        } else if (parent.isArray()) {
            ((ArrayNode) parent).remove(index(last, parent.size() - 1, pointer));
        } else {
            throw new KustomizeException("JSON patch path does not exist: " + pointer);
        }
    }

    private static int index(String token, int max, String pointer) {
        if (!token.matches("0|[1-9][0-9]*")) {
            throw new KustomizeException("invalid array index '" + token + "' in " + pointer);
        }
        int i = Integer.parseInt(token);
        if (i > max) {
            throw new KustomizeException("array index out of bounds in " + pointer);
        }
        return i;
    }

    private static String text(JsonNode op, String field) {
        JsonNode v = op.get(field);
        if (v == null || !v.isTextual()) {
            throw new KustomizeException("JSON patch operation without '" + field + "': " + op);
        }
        return v.asText();
    }

    private static JsonNode value(JsonNode op) {
        if (!op.has("value")) {
            throw new KustomizeException("JSON patch operation without 'value': " + op);
        }
        return op.get("value");
    }
}
