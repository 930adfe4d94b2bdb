package io.github.clbtrigger.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void aKeystoreInsideTccliResponseWrapperIsReadToo() throws Exception {
        keytool(dir.resolve("site.p12"), "PKCS12", "s3cret", "s3cret");
        String wrapped = "{\"Response\": {\"Listeners\": [" + listener("{\"Path\": \"site.p12\", \"Password\": \"%s\"}")
                + "]}}";
        assertThat(Keystores.read(wrapped.formatted("s3cret"), dir)).containsOnlyKeys("lbl-tls");
        assertThatThrownBy(() -> Keystores.read(wrapped.formatted("wrong"), dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Response.Listeners[0] \"lbl-tls\": Keystore: cannot open ")
                .hasMessageNotContaining("wrong");
    }

    @Test
    void aPrivateKeyWithAnotherPasswordThanTheStoreIsAConfigErrorNotAFailedStart() throws Exception {
        keytool(dir.resolve("site.jks"), "JKS", "s3cret", "other1");
        String config = "{\"Listeners\": [" + listener("{\"Path\": \"site.jks\", \"Password\": \"s3cret\", "
                + "\"Type\": \"jks\"}") + "]}";
        assertThatThrownBy(() -> Keystores.read(config, dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Listeners[0] \"lbl-tls\": Keystore: the private key in " + dir.resolve("site.jks")
                        + " has another password than the keystore's (one Password serves both)");
    }

    @Test
    void malformedKeystoresAndOnesOnPlainListenersAreRefused() {
        assertThatThrownBy(() -> Keystores.read("{\"Listeners\": [{\"ListenerId\": \"l\", \"Protocol\": \"HTTP\", "
                + "\"Keystore\": {\"Path\": \"x.p12\"}}]}", dir)).hasMessage("Listeners[0] \"l\": Keystore: only an "
                + "HTTPS listener has one");
        assertThatThrownBy(() -> Keystores.read("{\"Listeners\": [" + listener("\"x.p12\"") + "]}", dir))
                .hasMessageContaining("must be {\"Path\": \"FILE\"");
        assertThatThrownBy(() -> Keystores.read("{\"Listeners\": [" + listener("{\"Path\": \"x.p12\", \"Type\": "
                + "\"PEM\"}") + "]}", dir)).hasMessageContaining("Type must be PKCS12 or JKS, was \"PEM\"");
        assertThatThrownBy(() -> Keystores.read("{\"Listeners\": [" + listener("{\"Path\": \"missing.p12\"}") + "]}",
                dir)).hasMessageContaining("file not found: " + dir.resolve("missing.p12"));
    }
}
