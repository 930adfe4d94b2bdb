package io.github.clbtrigger.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.clbtrigger.matcher.ConfigException;
import io.github.clbtrigger.matcher.ConfigProblem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The listeners' {@code Keystore}s, read in the configuration's one bounded pass ({@link Configs#read}) and opened by
 * {@link Configs.Loaded#checkLocal()}: every problem with its CLB error code and JSON path.
 */
class KeystoresTests {

    @TempDir
    Path dir;

    /** Makes a key store with keytool: an EC key for CN=test.local, the store and key passwords as given. */
    static void keytool(Path store, String type, String storePassword, String keyPassword)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "site", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=test.local",
                "-validity", "2", "-keystore", store.toString(), "-storetype", type, "-storepass", storePassword,
                "-keypass", keyPassword).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
    }

    private static String listener(String keystore) {
        return "{\"ListenerId\": \"lbl-tls\", \"Protocol\": \"HTTPS\", \"Port\": 8443, \"Keystore\": " + keystore + "}";
    }

    /** The keystores of a configuration, read and opened as {@code clb serve} and {@code clb validate} do. */
    private Map<String, Keystores.Keystore> open(String json) throws Exception {
        Path file = Files.writeString(dir.resolve("clb.json"), json);
        return Configs.read(file).checkLocal();
    }

    /** Every problem of a configuration, from the read or from opening its keystores. */
    private List<ConfigProblem> problems(String json) throws Exception {
        try {
            open(json);
            return List.of();
        } catch (Configs.LoadException e) {
            return e.problems();
        } catch (ConfigException e) {
            return e.problems();
        }
    }

    @Test
    void aKeystoreInsideTccliResponseWrapperIsReadToo() throws Exception {
        keytool(dir.resolve("site.p12"), "PKCS12", "s3cret", "s3cret");
        String wrapped = "{\"Response\": {\"Listeners\": [" + listener("{\"Path\": \"site.p12\", \"Password\": \"%s\"}")
                + "]}}";
        assertThat(open(wrapped.formatted("s3cret"))).containsOnlyKeys("lbl-tls");
        assertThat(open(wrapped.formatted("s3cret")).get("lbl-tls").path()).isEqualTo(dir.resolve("site.p12"));
        List<ConfigProblem> wrong = problems(wrapped.formatted("wrong"));
        assertThat(wrong).extracting(ConfigProblem::code, ConfigProblem::where)
                .containsExactly(tuple(ConfigProblem.FORMAT_ERROR, "$.Response.Listeners[0].Keystore [lbl-tls]"));
        assertThat(wrong.get(0).what()).startsWith("cannot open " + dir.resolve("site.p12") + " as PKCS12: ")
                .doesNotContain("wrong");
    }

    @Test
    void aPrivateKeyWithAnotherPasswordThanTheStoreIsAConfigErrorNotAFailedStart() throws Exception {
        keytool(dir.resolve("site.jks"), "JKS", "s3cret", "other1");
        assertThat(problems("{\"Listeners\": [" + listener("{\"Path\": \"site.jks\", \"Password\": \"s3cret\", "
                + "\"Type\": \"jks\"}") + "]}")).extracting(ConfigProblem::code, ConfigProblem::where)
                .containsExactly(tuple(ConfigProblem.FORMAT_ERROR, "$.Listeners[0].Keystore [lbl-tls]"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not an object           | "x.p12"                                  | InvalidParameter.FormatError | $.Listeners[0].Keystore
            no Path                 | {"Password": "p"}                        | MissingParameter             | $.Listeners[0].Keystore.Path
            a blank Path            | {"Path": " "}                            | InvalidParameter.FormatError | $.Listeners[0].Keystore.Path
            a Password not a string | {"Path": "x.p12", "Password": 1}         | InvalidParameter.FormatError | $.Listeners[0].Keystore.Password
            an unknown Type         | {"Path": "x.p12", "Type": "PEM"}         | InvalidParameter.FormatError | $.Listeners[0].Keystore.Type
            a Type not a string     | {"Path": "x.p12", "Type": ["JKS"]}       | InvalidParameter.FormatError | $.Listeners[0].Keystore.Type
            no such file            | {"Path": "missing.p12"}                  | ResourceNotFound             | $.Listeners[0].Keystore [lbl-tls]
            """)
    void aKeystoreThatCannotServeIsRefusedWithCodeAndPath(String why, String keystore, String code, String where)
            throws Exception {
        assertThat(problems("{\"Listeners\": [" + listener(keystore) + "]}"))
                .extracting(ConfigProblem::code, ConfigProblem::where).as(why).containsExactly(tuple(code, where));
    }

    @Test
    void aKeystoreOnAPlainListenerIsRefused() throws Exception {
        assertThat(problems("{\"Listeners\": [{\"ListenerId\": \"l\", \"Protocol\": \"HTTP\", \"Port\": 8080, "
                + "\"Keystore\": {\"Path\": \"x.p12\"}}]}")).extracting(ConfigProblem::code, ConfigProblem::where)
                .containsExactly(tuple(ConfigProblem.PROTOCOL_CHECK_FAILED, "$.Listeners[0].Keystore [l]"));
    }

    @Test
    void keystoreProblemsAreReportedWithTheFunctionsProblemsAllAtOnce() throws Exception {
        String json = """
                {"Listeners": [
                  {"ListenerId": "lbl-a", "Protocol": "HTTPS", "Port": 8443, "Keystore": {"Path": "a.p12", "Type": "X"}},
                  {"ListenerId": "lbl-b", "Protocol": "HTTPS", "Port": 8444, "Keystore": 7}],
                 "Functions": [{"FunctionName": "f", "Timeout": "soon"}]}
                """;
        assertThat(problems(json)).extracting(ConfigProblem::code, ConfigProblem::where).containsExactlyInAnyOrder(
                tuple(ConfigProblem.FORMAT_ERROR, "$.Listeners[0].Keystore.Type"),
                tuple(ConfigProblem.FORMAT_ERROR, "$.Listeners[1].Keystore"),
                tuple(ConfigProblem.FORMAT_ERROR, "$.Functions[0].Timeout"));
    }

    @Test
    void keystoresOfSeveralListenersAreOpenedEachByTheirListener() throws Exception {
        keytool(dir.resolve("a.p12"), "PKCS12", "secret-a", "secret-a");
        String plain = "{\"ListenerId\": \"lbl-plain\", \"Protocol\": \"HTTP\", \"Port\": 8080}";
        String good = listener("{\"Path\": \"a.p12\", \"Password\": \"secret-a\"}");
        String missing = "{\"ListenerId\": \"lbl-b\", \"Protocol\": \"HTTPS\", \"Port\": 8444, "
                + "\"Keystore\": {\"Path\": \"nope.p12\"}}";
        assertThat(problems("{\"Listeners\": [" + plain + ", " + good + ", " + missing + "]}"))
                .extracting(ConfigProblem::code, ConfigProblem::where)
                .containsExactly(tuple(ConfigProblem.RESOURCE_NOT_FOUND, "$.Listeners[2].Keystore [lbl-b]"));
        assertThat(open("{\"Listeners\": [" + plain + ", " + good + "]}")).containsOnlyKeys("lbl-tls");
    }
}
