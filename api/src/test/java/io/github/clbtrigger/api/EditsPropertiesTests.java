package io.github.clbtrigger.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Validating an edit of one listener against the state it was made from gives what validating the whole edited
 * tree gives: the same text byte for byte, the same parsed configuration and the same routes, or the same error;
 * and the base state's tree is left as it was.
 */
class EditsPropertiesTests {
    private static final String[] URLS = {"/a", "/b", "= /a", "^~ /s", "~ ^/r", "/a", "bad", "~ ("};
    private static final String[] DOMAINS = {"localhost", "a.example.com", "*.example.com", "bad domain"};

    /** A valid file of 1-5 listeners with members the matcher does not read, wrapped in Response or not. */
    private static String file(List<Integer> codes, boolean wrapped) {
        int n = 1 + Math.abs(codes.get(0)) % 5;
        StringBuilder b = new StringBuilder("{\"LoadBalancerId\":\"lb-test\",\"LoadBalancerName\":\"x\","
                + "\"Listeners\":[");
        for (int l = 0; l < n; l++) {
            b.append(l == 0 ? "" : ",").append("{\"ListenerId\":\"lbl-").append(l).append("\",\"ListenerName\":\"n")
                    .append(l).append("\",\"Protocol\":\"").append(l == 3 ? "TCP" : "HTTP").append("\",\"Port\":")
                    .append(18000 + l).append(",\"Rules\":[");
            if (l != 3) {
                for (int r = 0; r < 1 + (codes.size() + l) % 4; r++) {
                    b.append(r == 0 ? "" : ",").append("{\"LocationId\":\"loc-").append(l).append('-').append(r)
                            .append("\",\"Domain\":\"localhost\",\"Url\":\"/r").append(r).append("\",\"Extra\":[1,{}]}");
                }
            }
            b.append("]}");
        }
        b.append("],\"Functions\":[{\"FunctionName\":\"hello\",\"Type\":\"Event\",\"Handler\":\"a.B::c\"}]}");
        return wrapped ? "{\"RequestId\":\"r\",\"Response\":" + b + "}" : b.toString();
    }

    /** One edit of listener {@code li} as an action makes it: on {@link ConfigStore.State#edit}'s copy. */
    private static ObjectNode edited(ConfigStore.State base, int how, int value) {
        ArrayNode ls = (ArrayNode) base.body().get("Listeners");
        int li = Math.abs(how / 8) % ls.size();
        int kind = Math.abs(how) % 8;
        ObjectNode root = base.edit(kind == 6 || kind == 7 ? -1 : li);
        ArrayNode copy = Resources.listenersNode(root);
        ObjectNode l = (ObjectNode) copy.get(li);
        ArrayNode rules = Resources.rulesNode(l);
        int v = Math.abs(value);
        switch (kind) {
            case 0 -> {
                ObjectNode r = rules.addObject();
                r.put("LocationId", v % 5 == 0 ? "loc-0-0" : "loc-new");
                r.put("Domain", DOMAINS[v % DOMAINS.length]);
                r.put("Url", URLS[(v / 4) % URLS.length]);
            }
            case 1 -> {
                if (!rules.isEmpty()) {
                    rules.remove(v % rules.size());
                }
            }
            case 2 -> {
                if (!rules.isEmpty()) {
                    ((ObjectNode) rules.get(v % rules.size())).put("Url", URLS[v % URLS.length]);
                }
            }
            case 3 -> l.put("Port", 18000 + v % 6);
            case 4 -> {
                if (!rules.isEmpty()) {
                    ObjectNode t = ((ObjectNode) rules.get(v % rules.size())).putArray("FunctionTargets").addObject();
                    t.putObject("Function").put("FunctionNamespace", "default").put("FunctionName", "hello")
                            .put("FunctionQualifier", "$LATEST").put("FunctionQualifierType",
                                    v % 3 == 0 ? "NOPE" : "VERSION");
                    t.put("Weight", v % 120);
                }
            }
            case 5 -> {
                if (v % 3 == 0) {
                    l.put("Protocol", 7);
                } else {
                    l.put("Protocol", "HTTPS");
                }
            }
            case 6 -> {
                ObjectNode added = copy.addObject();
                added.put("ListenerId", v % 4 == 0 ? "lbl-0" : "lbl-new");
                added.put("Protocol", "HTTP");
                added.put("Port", 18000 + v % 9);
            }
            default -> copy.remove(li);
        }
        return root;
    }

    @Test
    void anIncrementalEditValidatesAsTheWholeTree() {
        qt().withExamples(1500).forAll(lists().of(integers().between(0, 1000)).ofSizeBetween(1, 6),
                        integers().all(), integers().all(), integers().between(0, 1))
                .checkAssert((codes, how, value, wrap) -> {
                    String text = file(codes, wrap == 1);
                    ConfigStore.State base;
                    try {
                        base = ConfigStore.validate(Json.object(text.getBytes(StandardCharsets.UTF_8)));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                    JsonNode before = base.root().deepCopy();
                    ObjectNode root = edited(base, how, value);
                    ApiError fullError = catchThrowableOfType(ApiError.class, () -> ConfigStore.validate(root));
                    ApiError error = catchThrowableOfType(ApiError.class, () -> Edits.incremental(root, base));
                    assertThat(base.root()).isEqualTo(before);
                    if (fullError != null) {
                        assertThat(error).isNotNull();
                        assertThat(error.code()).isEqualTo(fullError.code());
                        assertThat(error.getMessage()).isEqualTo(fullError.getMessage());
                        return;
                    }
                    assertThat(error).isNull();
                    ConfigStore.State full = ConfigStore.validate(root);
                    ConfigStore.State incremental = Edits.incremental(root, base);
                    assertThat(incremental).isNotNull();
                    assertThat(incremental.text()).isEqualTo(full.text());
                    assertThat(incremental.bytes()).isEqualTo(full.bytes());
                    assertThat(incremental.config()).isEqualTo(full.config());
                    assertThat(incremental.functions()).isEqualTo(full.functions());
                    assertThat(incremental.listenerTexts()).isEqualTo(full.listenerTexts());
                    assertThat(incremental.table().config()).isEqualTo(full.config());
                });
    }

    @Test
    void anEditBesidesListenersIsValidatedWhole() throws Exception {
        ConfigStore.State base = ConfigStore.validate(Json.object(ApiFixture.CONFIG.getBytes(StandardCharsets.UTF_8)));
        ObjectNode root = base.edit(-1);
        root.put("LoadBalancerId", "lb-other");
        assertThat(Edits.incremental(root, base)).isNull();
        assertThat(ConfigStore.validate(root, base).loadBalancerId()).isEqualTo("lb-other");
    }
}
