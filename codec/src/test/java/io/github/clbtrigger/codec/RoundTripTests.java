package io.github.clbtrigger.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A function that echoes its event's payload back: what the client sent is what it gets. */
class RoundTripTests {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final EventEncoder ENCODER = EventEncoder.builder().build();

    private static byte[] echo(String contentType, byte[] body, ResponseDecoder decoder) throws IOException {
        InboundRequest request = Fixtures.request(List.of(new Header("Content-Type", contentType)));
        JsonNode event = MAPPER.readTree(ENCODER.encode(request, new ByteArrayInputStream(body)));
        ObjectNode response = MAPPER.createObjectNode();
        response.put("statusCode", 200);
        response.putObject("headers");
        response.set("isBase64Encoded", event.get("isBase64Encoded"));
        response.set("body", event.get("payload"));
        DecodeResult result = decoder.decode(MAPPER.writeValueAsBytes(response));
        assertThat(result).as(result.toString()).isInstanceOf(DecodeResult.Valid.class);
        return result.response().body();
    }

    @Test
    void arbitraryBytesSurviveBase64BothWays() {
        qt().forAll(lists().of(integers().between(0, 255)).ofSizeBetween(0, 300))
                .checkAssert(ints -> {
                    byte[] body = EventEncoderTests.toBytes(ints);
                    try {
                        assertThat(echo("application/octet-stream", body, ResponseDecoder.builder().build()))
                                .isEqualTo(body);
                        assertThat(echo("image/png", body,
                                ResponseDecoder.builder().dialect(Dialect.FUNCTION_GRAPH).build())).isEqualTo(body);
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                });
    }

    @Test
    void textSurvivesAsUtf8() {
        qt().forAll(strings().allPossible().ofLengthBetween(1, 50))
                .checkAssert(text -> {
                    String wellFormed = JsonText.wellFormed(text);
                    byte[] body = wellFormed.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    try {
                        assertThat(echo("text/plain; charset=utf-8", body, ResponseDecoder.builder().build()))
                                .isEqualTo(body);
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                });
    }
}
