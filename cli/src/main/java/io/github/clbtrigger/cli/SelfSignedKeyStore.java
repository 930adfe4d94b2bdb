package io.github.clbtrigger.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A PKCS#12 key store with a fresh self-signed certificate for localhost, made with the JDK's keytool. */
record SelfSignedKeyStore(Path path, String password) {
    static SelfSignedKeyStore create() throws Frontend.StartException {
        try {
            Path dir = Files.createTempDirectory("clb-tls");
            Path store = dir.resolve("localhost.p12");
            String password = Long.toHexString(Double.doubleToLongBits(Math.random()));
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "localhost",
                    "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1,ip:::1", "-validity", "30",
                    "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", password)
                    .redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new Frontend.StartException("keytool could not make a self-signed certificate: "
                        + Messages.oneLine(new String(output, java.nio.charset.StandardCharsets.UTF_8)), null);
            }
            store.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return new SelfSignedKeyStore(store, password);
        } catch (IOException e) {
            throw new Frontend.StartException("could not make a self-signed certificate: " + Messages.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Frontend.StartException("interrupted while making a self-signed certificate", e);
        }
    }
}
