package io.github.clbtrigger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EncodeCommandTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode event(CliRun run) throws Exception {
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        return JSON.readTree(run.stdoutBytes());
    }

    @Test
    void encodesTheDocumentedJsonRequest() throws Exception {
        CliRun run = CliRun.run("POST /scf_location HTTP/1.1\r\n"
                + "Content-type: application/json\r\n"
                + "Host: test.clb-scf.com\r\n"
                + "User-Agent: Chrome\r\n"
                + "Content-Length: 30\r\n"
                + "\r\n"
                + "{\"key1\": \"123\", \"key2\": \"abc\"}",
                "encode", "--client", "9.43.175.219:44347", "--time", "1591692977.774",
                "--vip", "121.23.21.10:80", "--custom-headers", "X-Vip,X-Vport,X-Uri,X-Method,X-Real-Port");

        JsonNode event = event(run);
        JsonNode headers = event.get("headers");
        assertThat(headers.get("Content-type").asText()).isEqualTo("application/json");
        assertThat(headers.get("Host").asText()).isEqualTo("test.clb-scf.com");
        assertThat(headers.get("X-Stgw-Time").asText()).isEqualTo("1591692977.774");
        assertThat(headers.get("X-Client-Proto").asText()).isEqualTo("http");
        assertThat(headers.get("X-Forwarded-Proto").asText()).isEqualTo("http");
        assertThat(headers.get("X-Client-Proto-Ver").asText()).isEqualTo("HTTP/1.1");
        assertThat(headers.get("X-Real-IP").asText()).isEqualTo("9.43.175.219");
        assertThat(headers.get("X-Forwarded-For").asText()).isEqualTo("9.43.175.219");
        assertThat(headers.get("X-Vip").asText()).isEqualTo("121.23.21.10");
        assertThat(headers.get("X-Vport").asText()).isEqualTo("80");
        assertThat(headers.get("X-Uri").asText()).isEqualTo("/scf_location");
        assertThat(headers.get("X-Method").asText()).isEqualTo("POST");
        assertThat(headers.get("X-Real-Port").asText()).isEqualTo("44347");
        assertThat(event.get("payload")).isEqualTo(JSON.readTree("{\"key1\": \"123\", \"key2\": \"abc\"}"));
        assertThat(event.get("isBase64Encoded").asBoolean()).isFalse();
    }

    @Test
    void headerValuesSentAsUtf8BytesArriveAsThatText() throws Exception {
        byte[] request = "GET /a HTTP/1.1\r\nHost: x\r\nX-City: \u5317\u4eac caf\u00e9\r\n\r\n"
                .getBytes(StandardCharsets.UTF_8);

        JsonNode headers = event(CliRun.run(request, "encode")).get("headers");

        assertThat(headers.get("X-City").asText()).isEqualTo("\u5317\u4eac caf\u00e9");
    }

    @Test
    void sameInputAndTimeGiveTheSameBytes() {
        String request = "GET /a HTTP/1.1\nHost: x\n\n";
        CliRun first = CliRun.run(request, "encode", "--time", "1700000000.5");
        CliRun second = CliRun.run(request, "encode", "--time", "1700000000.5");

        assertThat(first.exitCode()).isZero();
        assertThat(first.stdoutBytes()).isEqualTo(second.stdoutBytes());
        assertThat(first.stdout()).contains("\"X-Stgw-Time\":\"1700000000.500\"");
    }

    @Test
    void decodesAChunkedBinaryBodyAndBase64EncodesIt() throws Exception {
        byte[] body = {0, 1, 2, (byte) 0xfe, (byte) 0xff};
        String request = "PUT /upload HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n3\r\n";
        byte[] head = request.getBytes(StandardCharsets.ISO_8859_1);
        byte[] middle = "\r\n2;ext=1\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] tail = "\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] input = new byte[head.length + 3 + middle.length + 2 + tail.length];
        int at = 0;
        System.arraycopy(head, 0, input, at, head.length);
        at += head.length;
        System.arraycopy(body, 0, input, at, 3);
        at += 3;
        System.arraycopy(middle, 0, input, at, middle.length);
        at += middle.length;
        System.arraycopy(body, 3, input, at, 2);
        at += 2;
        System.arraycopy(tail, 0, input, at, tail.length);

        JsonNode event = event(CliRun.run(input, "encode", "--time", "1"));

        assertThat(event.get("isBase64Encoded").asBoolean()).isTrue();
        assertThat(Base64.getDecoder().decode(event.get("payload").asText())).isEqualTo(body);
    }

    @Test
    void clientCannotSpoofReservedHeadersAndForwardedForIsExtended() throws Exception {
        JsonNode headers = event(CliRun.run("GET / HTTP/1.1\r\nHost: x\r\nX-Real-IP: 6.6.6.6\r\n"
                + "X-Stgw-Time: 1\r\nX-Forwarded-For: 10.0.0.1\r\n\r\n",
                "encode", "--client", "203.0.113.9:1234", "--time", "2")).get("headers");

        assertThat(headers.get("X-Real-IP").asText()).isEqualTo("203.0.113.9");
        assertThat(headers.get("X-Stgw-Time").asText()).isEqualTo("2.000");
        assertThat(headers.get("X-Forwarded-For").asText()).isEqualTo("10.0.0.1, 203.0.113.9");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty input||no request",
        "not HTTP|hello there\\r\\n\\r\\n|not an HTTP request line",
        "not HTTP, no line end|hello there|input ended inside the request line",
        "bad version|GET / HTTP/2.0\\r\\n\\r\\n|unsupported HTTP version",
        "no blank line|GET / HTTP/1.1\\r\\nHost: x\\r\\n|input ended inside",
        "bad header|GET / HTTP/1.1\\r\\nno colon here\\r\\n\\r\\n|malformed header line",
        "short body|POST / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 10\\r\\n\\r\\nabc|body ended after 3 of 10",
        "smuggling|POST / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 3\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n0\\r\\n\\r\\n|both",
        "bad chunk|POST / HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\n|invalid chunk size",
        "bad URI|GET /a/../../b HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n|not a valid URI",
        "no Host|GET / HTTP/1.1\\r\\n\\r\\n|needs a Host header",
        "two Hosts|GET / HTTP/1.1\\r\\nHost: h\\r\\nHost: i\\r\\n\\r\\n|more than one Host",
        "bad Host|GET / HTTP/1.1\\r\\nHost: a/b\\r\\n\\r\\n|invalid Host",
        "lower-case method|get / HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n|invalid method",
        "bytes after the head|GET / HTTP/1.1\\r\\nHost: h\\r\\n\\r\\nextra|input goes on",
        "body longer than announced|POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 3\\r\\n\\r\\nabcdef|input goes on",
    })
    void garbageGetsOneLineErrorAndExitTwo(String name, String input, String why) {
        String request = input == null ? "" : input.replace("\\r\\n", "\r\n");
        CliRun run = CliRun.run(request, "encode", "--time", "1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).startsWith("clb encode: ").endsWith("\n");
        assertThat(run.stderr()).contains(why);
        assertThat(run.stderr().strip()).doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void manySmallChunksAreABodyNotAnOverlongHead() throws Exception {
        String request = "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "1\r\na\r\n".repeat(20_000) + "0\r\n\r\n";
        assertThat(event(CliRun.run(request, "encode", "--time", "1")).get("payload").asText())
                .isEqualTo("a".repeat(20_000));
    }

    @Test
    void aHeredocsLastNewlineAfterTheRequestIsNotGarbage() throws Exception {
        CliRun run = CliRun.run("POST / HTTP/1.1\nHost: x\nContent-Type: text/plain\nContent-Length: 2\n\nhi\n", "encode", "--time", "1");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(event(run).get("payload").asText()).isEqualTo("hi");
    }

    @Test
    void anAbsoluteFormTargetsAuthorityIsTheEventsHostAsClbServeHandsItOn() throws Exception {
        JsonNode headers = event(CliRun.run("GET http://a.example:8080/x HTTP/1.1\r\nHost: b.example\r\n\r\n",
                "encode", "--time", "1")).get("headers");
        assertThat(headers.get("Host").asText()).isEqualTo("a.example:8080");
        JsonNode http10 = event(CliRun.run("GET https://a.example/x?q=1 HTTP/1.0\r\n\r\n", "encode", "--time", "1"))
                .get("headers");
        assertThat(http10.get("Host").asText()).isEqualTo("a.example");
    }

    @Test
    void rejectsBadOptionValues() {
        assertThat(CliRun.run("GET / HTTP/1.1\r\nHost: x\r\n\r\n", "encode", "--time", "yesterday").exitCode()).isEqualTo(2);
        assertThat(CliRun.run("GET / HTTP/1.1\r\nHost: x\r\n\r\n", "encode", "--client", "nope").exitCode()).isEqualTo(2);
        assertThat(CliRun.run("GET / HTTP/1.1\r\nHost: x\r\n\r\n", "encode", "--scheme", "ftp").exitCode()).isEqualTo(2);
        assertThat(CliRun.run("GET / HTTP/1.1\r\nHost: x\r\n\r\n", "encode", "--custom-headers", "X-Nope").exitCode())
                .isEqualTo(2);
    }
}
