package io.github.clbtrigger.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The in-memory path is the socket path without the socket: for random requests over a small configuration, both
 * give the same route outcome, status and body, and the event the function received over the socket (the tree
 * function answers it as its body) is the one the harness records, but for {@code X-Stgw-Time} (the arrival time).
 */
@ClbTrigger(config = "clb-test.json")
class SamePathsPropertiesTests {

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");
    /**
     * Lower case and no default port only: Jetty hands the filter such a Host value normalized (the event says
     * {@code localhost.} for {@code LOCALHOST.}, {@code api.example.com} for {@code api.example.com:80}), where the
     * in-memory path passes the request's header as written.
     */
    static final List<String> HOSTS = List.of("localhost", "localhost.", "api.example.com", "unknown.org",
            "localhost:8080", "api.example.com.:8443");
    static final List<String> PATHS = List.of("/map", "/tree", "/tree/a", "/dir", "/dir/", "/dir/x/../y", "/pojo",
            "/bad", "/empty", "/nothing", "/%74ree", "/a/../tree", "/tree/%E4%B8%AD", "//tree", "/MAP");
    static final List<String> QUERIES = List.of("", "?a=1", "?a=1&b=%20x", "?");
    static final List<String> BODIES = List.of("", "{\"name\":\"Ada\"}", "plain text", "a=1&b=2");
    static final List<String> TYPES = List.of("", "application/json", "text/plain",
            "application/x-www-form-urlencoded", "application/octet-stream");

    @Test
    void inMemoryAndOverTheSocketAgree(ClbClient client, ClbHarness harness) {
        qt().withExamples(150).forAll(integers().between(0, Integer.MAX_VALUE - 1),
                        integers().between(0, Integer.MAX_VALUE - 1))
                .checkAssert((a, b) -> {
                    ClbRequest request = request(a, b);
                    ClbResponse socket = client.send(request);
                    ClbExchange memory = harness.exchange(request);

                    assertThat(memory.status()).as(request.toString()).isEqualTo(socket.status());
                    assertThat(withoutTime(memory.response().bodyText())).as(request.toString())
                            .isEqualTo(withoutTime(socket.bodyText()));
                    if (memory.locationId().filter(id -> id.equals("loc-tree") || id.equals("loc-dir")).isPresent()
                            && memory.status() == 200) {
                        assertThat(withoutTime(memory.event().orElseThrow())).as(request.toString())
                                .isEqualTo(withoutTime(socket.bodyText()));
                    }
                    memory.response().header("Location").ifPresent(location -> assertThat(
                            socket.header("Location")).as(request.toString()).hasValue(location));
                });
    }

    static ClbRequest request(int a, int b) {
        ClbRequest.Builder builder = ClbRequest.request(pick(METHODS, a), pick(PATHS, a / 7) + pick(QUERIES, b))
                .host(pick(HOSTS, b / 5));
        String type = pick(TYPES, a / 97);
        if (!type.isEmpty()) {
            builder.header("Content-Type", type);
        }
        if (b % 3 == 0) {
            builder.header("X-Trace", "t" + (b % 1000));
        }
        String method = pick(METHODS, a);
        if (!method.equals("GET") && !method.equals("OPTIONS")) {
            builder.body(pick(BODIES, b / 11));
        }
        return builder.build();
    }

    private static String pick(List<String> list, int n) {
        return list.get(Math.floorMod(n, list.size()));
    }

    /** The text, or for an event (or a body holding one) the JSON without {@code X-Stgw-Time}. */
    static String withoutTime(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node instanceof ObjectNode object && object.get("headers") instanceof ObjectNode headers) {
                headers.remove("X-Stgw-Time");
                return object.toString();
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not JSON: compared as it is
        }
        return text;
    }
}
