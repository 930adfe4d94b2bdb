package io.github.clbtrigger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouteCommandTests {

    static final String CONFIG = """
            {"LoadBalancerId": "lb-test", "Listeners": [
              {"ListenerId": "lbl-http", "Protocol": "HTTP", "Port": 8080, "Rules": [
                {"LocationId": "loc-exact", "Domain": "example.com", "Url": "=/test1", "DefaultServer": true},
                {"LocationId": "loc-prefix", "Domain": "example.com", "Url": "/test1"},
                {"LocationId": "loc-dir", "Domain": "example.com", "Url": "/abc/"},
                {"LocationId": "loc-root", "Domain": "example.com", "Url": "/"},
                {"LocationId": "loc-wild", "Domain": "*.example.com", "Url": "/"},
                {"LocationId": "loc-unused", "Domain": "example.com", "Url": "/never"}]},
              {"ListenerId": "lbl-https", "Protocol": "HTTPS", "Port": 8443, "Rules": [
                {"LocationId": "loc-secure", "Domain": "example.com", "Url": "/"}]},
              {"ListenerId": "lbl-tcp", "Protocol": "TCP", "Port": 9000}]}
            """;

    @TempDir
    Path dir;
    Path config;

    @BeforeEach
    void writeConfig() throws IOException {
        config = Files.writeString(dir.resolve("clb.json"), CONFIG);
    }

    @Test
    void answersOneLinePerRequestLine() {
        CliRun run = CliRun.run("""
                http://example.com:8080/test1
                http://example.com:8080/test1/more?x=1
                http://www.example.com:8080/anything
                http://example.com:8080/abc?q=1
                http://example.com:8080/%2e%2e/x
                https://example.com:8443/test1
                example.com /test1
                not-a-request-line
                """, "route", "--config", config.toString(), "--listener", "lbl-http");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout().lines()).containsExactly(
                "loc-exact", "loc-prefix", "loc-wild", "301 /abc/?q=1", "400", "loc-exact", "loc-exact", "400");
    }

    @Test
    void picksTheListenerFromTheUrlsSchemeAndPort() {
        CliRun run = CliRun.run("https://example.com:8443/test1\nhttp://example.com:8080/test1\n",
                "route", "--config", config.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout().lines()).containsExactly("loc-secure", "loc-exact");
    }

    @Test
    void twoFieldLinesNeedAListenerWhenThereAreSeveral() {
        CliRun run = CliRun.run("example.com /\n", "route", "--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("--listener");
    }

    @Test
    void explainAppendsAReasonAfterATab() {
        CliRun run = CliRun.run("example.com /test1/x\n", "route", "--config", config.toString(),
                "--listener", "lbl-http", "--explain");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).startsWith("loc-prefix\t").contains("/test1");
        assertThat(run.stdout().lines()).hasSize(1);
    }

    @Test
    void checkReportsMismatchesAndUnreachedRules() throws IOException {
        Path cases = Files.writeString(dir.resolve("cases.txt"), """
                # host target expected
                example.com /test1 loc-exact
                example.com /abc 301 /abc/
                www.example.com / loc-wild
                example.com /zzz loc-prefix
                """);

        CliRun run = CliRun.run("", "route", "--config", config.toString(), "--listener", "lbl-http",
                "--check", cases.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).contains("line 5: example.com /zzz: expected loc-prefix, got loc-root")
                .contains("4 cases, 1 mismatches")
                .contains("not reached: lbl-http/loc-unused")
                .contains("not reached: lbl-https/loc-secure")
                .doesNotContain("not reached: lbl-http/loc-exact");
    }

    @Test
    void checkPassesWithExitZero() throws IOException {
        Path cases = Files.writeString(dir.resolve("cases.txt"), "example.com /test1 loc-exact\n");

        CliRun run = CliRun.run("", "route", "--config", config.toString(), "--listener", "lbl-http",
                "--check", cases.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).contains("1 cases, 0 mismatches");
    }

    @Test
    void aLayer4ListenerOrAnUnreadableCasesFileIsAOneLineUsageErrorNamingTheCommand() throws IOException {
        CliRun tcp = CliRun.run("example.com /\n", "route", "--config", config.toString(), "--listener", "lbl-tcp");
        assertThat(tcp.exitCode()).isEqualTo(2);
        assertThat(tcp.stderr()).isEqualTo(
                "clb route: listener 'lbl-tcp' is TCP: only HTTP and HTTPS listeners have rules to route by\n");

        Path latin1 = Files.write(dir.resolve("cases.txt"), new byte[] {'a', ' ', '/', (byte) 0xE9, ' ', '4', '0', '4'});
        CliRun notUtf8 = CliRun.run("", "route", "--config", config.toString(), "--listener", "lbl-http",
                "--check", latin1.toString());
        assertThat(notUtf8.exitCode()).isEqualTo(2);
        assertThat(notUtf8.stderr()).isEqualTo("clb route: cases file " + latin1 + " is not UTF-8 text\n");

        CliRun directory = CliRun.run("", "route", "--config", config.toString(), "--listener", "lbl-http",
                "--check", dir.toString());
        assertThat(directory.exitCode()).isEqualTo(2);
        assertThat(directory.stderr()).startsWith("clb route: cannot read the cases file " + dir + ": ")
                .hasLineCount(1);
    }

    @Test
    void aMissingConfigIsAOneLineError() {
        CliRun run = CliRun.run("", "route", "--config", dir.resolve("nope.json").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).isEqualTo("clb route: config file not found: " + dir.resolve("nope.json") + "\n");
    }
}
