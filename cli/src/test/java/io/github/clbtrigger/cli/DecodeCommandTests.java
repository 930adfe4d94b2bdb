package io.github.clbtrigger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class DecodeCommandTests {

    @Test
    void rendersTheDocumentedIntegrationResponseAsHttp11() {
        CliRun run = CliRun.run("""
                {"isBase64Encoded": false, "statusCode": 200, "headers": {"Content-Type":"text/html"},
                 "body": "<html><body><h1>Heading</h1><p>Paragraph.</p></body></html>"}""", "decode");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEqualTo("HTTP/1.1 200 OK\r\n"
                + "Content-Type: text/html\r\n"
                + "Content-Length: 59\r\n"
                + "\r\n"
                + "<html><body><h1>Heading</h1><p>Paragraph.</p></body></html>");
        assertThat(run.stderr()).isEmpty();
    }

    @Test
    void writesWhatTheFrontendSends() {
        CliRun noContent = CliRun.run("""
                {"statusCode": 204, "headers": {"Date": "yesterday", "Server": "evil", "X-A": "1"}, "body": "abc"}""",
                "decode");
        CliRun surrogate = CliRun.run("""
                {"statusCode": 200, "headers": {"X": "a\\ud800"}}""", "decode");

        assertThat(noContent.stdout()).as("no body, no length, the front end's own Date and Server")
                .isEqualTo("HTTP/1.1 204 No Content\r\nX-A: 1\r\n\r\n");
        assertThat(surrogate.stdoutBytes()).as("an unpaired surrogate as U+FFFD, in UTF-8")
                .startsWith("HTTP/1.1 200 OK\r\nX: a\ufffd\r\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void repeatsMultiValuedHeadersAsSeparateLinesInOrder() {
        CliRun run = CliRun.run("""
                {"statusCode": 302, "headers": {"Location": "/next", "Set-Cookie": ["a=1; Path=/", "b=2"]}}""",
                "decode");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEqualTo("HTTP/1.1 302 Found\r\n"
                + "Location: /next\r\n"
                + "Set-Cookie: a=1; Path=/\r\n"
                + "Set-Cookie: b=2\r\n"
                + "Content-Length: 0\r\n"
                + "\r\n");
    }

    @Test
    void writesBase64BodiesAsTheirRawBytes() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, (byte) 0xff};
        CliRun run = CliRun.run("{\"isBase64Encoded\": true, \"statusCode\": 200, \"headers\": {\"Content-Type\":"
                + " \"image/png\"}, \"body\": \"" + Base64.getEncoder().encodeToString(png) + "\"}", "decode");

        assertThat(run.exitCode()).isZero();
        byte[] head = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 10\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] expected = new byte[head.length + png.length];
        System.arraycopy(head, 0, expected, 0, head.length);
        System.arraycopy(png, 0, expected, head.length, png.length);
        assertThat(run.stdoutBytes()).isEqualTo(expected);
    }

    @Test
    void rendersClbErrorAndExitsOneForAnInvalidValue() {
        CliRun run = CliRun.run("{\"statusCode\": \"200\"}", "decode");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEqualTo("HTTP/1.1 403 Forbidden\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: 52\r\n"
                + "\r\n"
                + "{\"errno\":403,\"error\":\"Analyse scf response failed.\"}");
        assertThat(run.stderr()).startsWith("clb decode: invalid response: ").contains("$.statusCode");
        assertThat(run.stderr().strip()).doesNotContain("\n");
    }

    @Test
    void functionGraphDialectDecodesBase64ByDefault() {
        CliRun run = CliRun.run("{\"statusCode\": 200, \"headers\": {}, \"body\": \"aGk=\"}",
                "decode", "--dialect", "functiongraph");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi");
    }

    @Test
    void rejectsAnUnknownDialectAsAUsageError() {
        CliRun run = CliRun.run("{}", "decode", "--dialect", "aws");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("--dialect must be clb or functiongraph");
        assertThat(run.stdout()).isEmpty();
    }
}
