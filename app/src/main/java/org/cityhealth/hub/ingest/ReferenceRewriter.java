package org.cityhealth.hub.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/** Walks a resource and replaces every {@code reference} string with what the resolver maps it to. */
final class ReferenceRewriter {

    /** Maps one reference as submitted to the reference the hub stores; throws {@link IngestException} if it cannot. */
    interface Resolver {
        String resolve(String reference, String location);
    }

    private ReferenceRewriter() {
    }

    static void rewrite(JsonNode resource, String location, Resolver resolver) {
        Deque<String> path = new ArrayDeque<>();
        path.add(location);
        walk(resource, path, resolver);
    }

    private static void walk(JsonNode node, Deque<String> path, Resolver resolver) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = field.getValue();
                if ("reference".equals(field.getKey()) && value.isTextual()) {
                    String rewritten = resolver.resolve(value.asText(), String.join(".", path) + ".reference");
                    if (!rewritten.equals(value.asText())) {
                        field.setValue(TextNode.valueOf(rewritten));
                    }
                } else if (value.isContainerNode()) {
                    path.addLast(field.getKey());
                    walk(value, path, resolver);
                    path.removeLast();
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                if (item.isContainerNode()) {
                    String last = path.removeLast();
                    path.addLast(last + "[" + i + "]");
                    walk(item, path, resolver);
                    path.removeLast();
                    path.addLast(last);
                }
            }
        }
    }
}
