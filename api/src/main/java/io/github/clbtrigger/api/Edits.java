package io.github.clbtrigger.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clbtrigger.matcher.ConfigException;
import io.github.clbtrigger.matcher.ConfigProblem;
import io.github.clbtrigger.matcher.ListenerConfig;
import io.github.clbtrigger.matcher.LoadBalancerConfig;
import io.github.clbtrigger.matcher.RouteTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A change of one listener in time proportional to that listener, not to the file: the edited tree shares every
 * other node with the state it was made from ({@link #copyPath}), so a listener node of the base state is recognized
 * by identity and keeps its parsed {@link ListenerConfig} (which the matcher then recognizes by identity too, keeping
 * its compiled routes) and its pretty-printed text. The file's text is those texts joined; it is byte for byte
 * {@link Json#pretty} of the tree, as the full path writes it.
 */
final class Edits {
    /** What {@link Json#pretty} puts at each line break: the system line separator. */
    private static final String EOL = DefaultIndenter.SYS_LF;

    private Edits() {
    }

    /**
     * A copy of {@code root} to edit: the root, its {@code Response} wrapper, the {@code Listeners} array and listener
     * {@code li} (none when negative) are copied, every other node is shared.
     */
    static ObjectNode copyPath(ObjectNode root, int li) {
        ObjectNode top = Json.MAPPER.createObjectNode();
        top.setAll(root);
        ObjectNode body = ConfigStore.State.body(root);
        ObjectNode bodyCopy = top;
        if (body != root) {
            bodyCopy = Json.MAPPER.createObjectNode();
            bodyCopy.setAll(body);
            top.set("Response", bodyCopy);
        }
        if (bodyCopy.get("Listeners") instanceof ArrayNode ls) {
            ArrayNode copy = bodyCopy.putArray("Listeners");
            copy.addAll(ls);
            if (li >= 0 && li < copy.size()) {
                copy.set(li, copy.get(li).deepCopy());
            }
        }
        return top;
    }

    /** The pretty-printed text of each listener of a tree, as it appears inside {@link Json#pretty} of the tree. */
    static List<String> listenerTexts(ObjectNode root) {
        List<String> out = new ArrayList<>();
        if (ConfigStore.State.body(root).get("Listeners") instanceof ArrayNode ls) {
            String indent = indent(root);
            for (JsonNode l : ls) {
                out.add(render(l, indent));
            }
        }
        return out;
    }

    /**
     * The state of {@code root}, an edit of {@code base} made by {@link #copyPath}, or null when the edit changed
     * something besides listeners (the caller then validates the whole tree).
     *
     * @throws ApiError the first problem of the edited configuration, as the full validation reports it
     */
    static ConfigStore.State incremental(ObjectNode root, ConfigStore.State base) {
        ObjectNode body = ConfigStore.State.body(root);
        ObjectNode baseBody = base.body();
        boolean wrapped = body != root;
        if (wrapped != (baseBody != base.root()) || root.has("Listeners") && root.has("Response")
                || !(body.get("Listeners") instanceof ArrayNode ls)
                || !(baseBody.get("Listeners") instanceof ArrayNode baseLs)
                || !sameExcept(root, base.root(), wrapped ? "Response" : "Listeners")
                || wrapped && !sameExcept(body, baseBody, "Listeners")
                || baseLs.size() != base.config().listeners().size()) {
            return null;
        }
        Map<JsonNode, Integer> known = new IdentityHashMap<>();
        for (int j = 0; j < baseLs.size(); j++) {
            known.put(baseLs.get(j), j);
        }
        String indent = indent(root);
        String path = wrapped ? "$.Response.Listeners" : "$.Listeners";
        List<ListenerConfig> configs = new ArrayList<>(ls.size());
        List<String> texts = new ArrayList<>(ls.size());
        List<ConfigProblem> problems = new ArrayList<>();
        for (int i = 0; i < ls.size(); i++) {
            JsonNode node = ls.get(i);
            Integer j = known.get(node);
            if (j != null) {
                configs.add(base.config().listeners().get(j));
                texts.add(base.listenerTexts().get(j));
                continue;
            }
            texts.add(render(node, indent));
            try {
                LoadBalancerConfig one = LoadBalancerConfig.parse("{\"Listeners\":[" + new String(Json.compact(node),
                        StandardCharsets.UTF_8) + "]}");
                configs.addAll(one.listeners());
            } catch (ConfigException e) {
                for (ConfigProblem p : e.problems()) {
                    problems.add(new ConfigProblem(p.code(), p.where().replace("$.Listeners[0]", path + "[" + i + "]"),
                            p.what()));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw ConfigStore.problem(problems);
        }
        LoadBalancerConfig config = new LoadBalancerConfig(base.config().loadBalancerId(), configs);
        RouteTable table;
        try {
            table = RouteTable.compile(config, base.table());
        } catch (ConfigException e) {
            throw ConfigStore.problem(e.problems());
        }
        return new ConfigStore.State(root, config, table, base, List.copyOf(texts));
    }

    /** Whether two objects have the same members in the same order, the same nodes, except {@code except}. */
    private static boolean sameExcept(ObjectNode a, ObjectNode b, String except) {
        if (a.size() != b.size()) {
            return false;
        }
        Iterator<Map.Entry<String, JsonNode>> x = a.properties().iterator();
        Iterator<Map.Entry<String, JsonNode>> y = b.properties().iterator();
        while (x.hasNext()) {
            Map.Entry<String, JsonNode> p = x.next();
            Map.Entry<String, JsonNode> q = y.next();
            if (!p.getKey().equals(q.getKey()) || !p.getKey().equals(except) && p.getValue() != q.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The indentation of a listener's lines: one level per object around it (arrays print inline). */
    private static String indent(ObjectNode root) {
        return ConfigStore.State.body(root) == root ? "  " : "    ";
    }

    private static String render(JsonNode listener, String indent) {
        return new String(Json.pretty(listener), StandardCharsets.UTF_8).replace(EOL, EOL + indent);
    }

    /**
     * {@link Json#pretty} of {@code root}, with each listener's text given. Written in segments (Jackson's
     * {@link SegmentedStringWriter}, as {@code writeValueAsString} does) and joined once: a megabyte of text is not
     * copied again each time a buffer grows, nor appended under a lock ({@code StringWriter}'s).
     */
    static String assemble(ObjectNode root, List<String> texts) {
        SegmentedStringWriter out = new SegmentedStringWriter(new BufferRecycler());
        try {
            try (JsonGenerator g = Json.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT)
                    .createGenerator(out)) {
                writeObject(g, root, ConfigStore.State.body(root), texts);
            }
            return out.getAndClear();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeObject(JsonGenerator g, ObjectNode node, ObjectNode body, List<String> texts)
            throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            g.writeFieldName(e.getKey());
            if (node == body && e.getKey().equals("Listeners")) {
                g.writeStartArray();
                for (String t : texts) {
                    g.writeRawValue(t);
                }
                g.writeEndArray();
            } else if (e.getValue() == body) {
                writeObject(g, body, body, texts);
            } else {
                Json.MAPPER.writeTree(g, e.getValue());
            }
        }
        g.writeEndObject();
    }
}
