package io.github.clbtrigger.cli;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTests {

    @TempDir
    Path dir;

    @Test
    void aValidConfigExitsZero() throws IOException {
        Path config = Files.writeString(dir.resolve("ok.json"), RouteCommandTests.CONFIG);

        CliRun run = CliRun.run("", "validate", "--config", config.toString());

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.stdout()).isEqualTo("valid: 3 listeners, 7 rules\n");
    }

    @Test
    void printsEveryProblemWithItsClbCodeAndExitsOne() throws IOException {
        Path config = Files.writeString(dir.resolve("bad.json"), """
                {"LoadBalancerId": "lb-test", "Listeners": [
                  {"ListenerId": "lbl-http", "Protocol": "HTTP", "Port": 8080, "Rules": [
                    {"LocationId": "loc-a", "Domain": "example.com", "Url": "/a"},
                    {"LocationId": "loc-b", "Domain": "example.com", "Url": "/a"},
                    {"LocationId": "loc-c", "Domain": "_bad.example.com", "Url": "/c"}]}]}
                """);

        CliRun run = CliRun.run("", "validate", "--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).contains("InvalidParameterValue.Duplicate: ")
                .contains("InvalidParameter.FormatError: ");
        assertThat(run.stdout().lines()).allMatch(line -> line.matches("[A-Za-z.]+: .+: .+"));
    }

    @Test
    void checksTheFunctionsSectionAsServeWouldServeIt() throws IOException {
        String config = """
                {"LoadBalancerId": "lb", "Listeners": [{"ListenerId": "lbl-1", "Protocol": "HTTP", "Port": 80,
                  "Rules": [{"LocationId": "loc-a", "Domain": "example.com", "Url": "/a",
                             "FunctionTargets": [{"Function": {"FunctionName": "%s"}}]}]}],
                 "Functions": [{"FunctionName": "hello", "Handler": "example.Hello::handle", "Timeout": %s}]}
                """;
        Path badTimeout = Files.writeString(dir.resolve("timeout.json"), String.format(config, "hello", "\"abc\""));
        Path undefined = Files.writeString(dir.resolve("undefined.json"), String.format(config, "missing", "3"));
        Path fine = Files.writeString(dir.resolve("fine.json"), String.format(config, "hello", "3"));

        CliRun timeout = CliRun.run("", "validate", "--config", badTimeout.toString());
        CliRun missing = CliRun.run("", "validate", "--config", undefined.toString());

        assertThat(timeout.exitCode()).isEqualTo(1);
        assertThat(timeout.stdout().lines()).singleElement(as(InstanceOfAssertFactories.STRING))
                .startsWith("InvalidParameter.FormatError: $.Functions[0].Timeout: ");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stdout().lines()).singleElement(as(InstanceOfAssertFactories.STRING))
                .startsWith("ResourceNotFound: $.Listeners[0].Rules[0].FunctionTargets[0].Function [lbl-1/loc-a]: ");
        assertThat(CliRun.run("", "validate", "--config", fine.toString()).stdout())
                .as("the handler class is not loaded: validate needs no classpath").isEqualTo("valid: 1 listener, 1 rule\n");
    }

    @Test
    void strictEnforcesTheRuleQuota() throws IOException {
        StringBuilder rules = new StringBuilder();
        for (int i = 0; i < 51; i++) {
            rules.append(i == 0 ? "" : ",").append("{\"LocationId\": \"loc-").append(i)
                    .append("\", \"Domain\": \"example.com\", \"Url\": \"/r").append(i).append("\"}");
        }
        Path config = Files.writeString(dir.resolve("big.json"), "{\"LoadBalancerId\": \"lb\", \"Listeners\": ["
                + "{\"ListenerId\": \"lbl-1\", \"Protocol\": \"HTTP\", \"Port\": 80, \"Rules\": [" + rules + "]}]}");

        assertThat(CliRun.run("", "validate", "--config", config.toString()).exitCode()).isZero();
        CliRun strict = CliRun.run("", "validate", "--config", config.toString(), "--strict");
        assertThat(strict.exitCode()).isEqualTo(1);
        assertThat(strict.stdout()).contains("LimitExceeded: ");
    }

    @Test
    void unreadableJsonIsAFormatError() throws IOException {
        Path config = Files.writeString(dir.resolve("broken.json"), "{\"Listeners\": [");

        CliRun run = CliRun.run("", "validate", "--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).startsWith("InvalidParameter.FormatError: ");
    }
}
