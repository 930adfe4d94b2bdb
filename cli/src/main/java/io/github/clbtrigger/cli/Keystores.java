package io.github.clbtrigger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The keystores of a config's HTTPS listeners: {@code "Keystore": {"Path": ..., "Password": ..., "Type": ...}} in a
 * listener, clb-trigger's own field (CLB's {@code Certificate} names a certificate held by Tencent, which a local
 * frontend cannot fetch). An HTTPS listener without one is served with a generated self-signed certificate.
 */
final class Keystores {
    private Keystores() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One listener's keystore: a PKCS#12 or JKS file holding the certificate and its private key. */
    record Keystore(Path path, String password, String type) {
        @Override
        public String toString() {
            return "Keystore[" + path + ", " + type + "]"; // never the password
        }
    }

    /**
     * Reads and opens every {@code Keystore} of the config's listeners.
     *
     * @param json    the config's text
     * @param baseDir the config file's folder, which a relative {@code Path} is resolved against
     * @return the keystores by {@code ListenerId}
     * @throws IllegalArgumentException with a one-line message naming the listener, when a keystore is malformed,
     *                                  on a listener that is not HTTPS, or cannot be opened with its password
     */
    static Map<String, Keystore> read(String json, Path baseDir) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            return Map.of(); // the config parsed before: cannot happen; the route table reported any problem
        }
        Map<String, Keystore> keystores = new LinkedHashMap<>();
        // Where the matcher finds listeners: at the top, and inside a Response wrapper (tccli's output), at any depth.
        String at = "";
        for (JsonNode node = root; node.isObject(); node = node.path("Response"), at += "Response.") {
            JsonNode listeners = node.path("Listeners");
            for (int i = 0; i < listeners.size(); i++) {
                read(listeners.get(i), at + "Listeners[" + i + "]", baseDir, keystores);
            }
        }
        return Collections.unmodifiableMap(keystores);
    }

    /** One listener's {@code Keystore}, if it has one, opened and put under its {@code ListenerId}. */
    private static void read(JsonNode listener, String at, Path baseDir, Map<String, Keystore> keystores) {
        JsonNode keystore = listener.get("Keystore");
        if (keystore == null || keystore.isNull()) {
            return;
        }
        String where = at + " \"" + Messages.oneLine(listener.path("ListenerId").asText()) + "\": Keystore";
        if (!"HTTPS".equalsIgnoreCase(listener.path("Protocol").asText())) {
            throw new IllegalArgumentException(where + ": only an HTTPS listener has one");
        }
        if (!keystore.isObject() || !keystore.path("Path").isTextual() || keystore.path("Path").asText().isBlank()) {
            throw new IllegalArgumentException(where + ": must be {\"Path\": \"FILE\", \"Password\": \"...\"}"
                    + " with an optional \"Type\" (PKCS12, the default, or JKS)");
        }
        if (keystore.has("Password") && !keystore.get("Password").isTextual()) {
            throw new IllegalArgumentException(where + ": Password must be a string");
        }
        String type = keystore.path("Type").asText("PKCS12").toUpperCase(Locale.ROOT);
        if (!type.equals("PKCS12") && !type.equals("JKS")) {
            throw new IllegalArgumentException(where + ": Type must be PKCS12 or JKS, was \""
                    + Messages.oneLine(keystore.path("Type").asText()) + "\"");
        }
        Path file = baseDir.resolve(keystore.get("Path").asText()).normalize();
        Keystore opened = new Keystore(file, keystore.path("Password").asText(""), type);
        check(opened, where);
        keystores.put(listener.path("ListenerId").asText(), opened);
    }

    /** Opens the keystore, so that a wrong path or password is a config error at start, not a failed handshake. */
    private static void check(Keystore keystore, String where) {
        if (!Files.isRegularFile(keystore.path())) {
            throw new IllegalArgumentException(where + ": file not found: " + keystore.path());
        }
        try (InputStream in = Files.newInputStream(keystore.path())) {
            KeyStore store = KeyStore.getInstance(keystore.type());
            store.load(in, keystore.password().toCharArray());
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    store.getKey(alias, keystore.password().toCharArray()); // Jetty opens the key with the same one
                    return;
                }
            }
            throw new IllegalArgumentException(where + ": " + keystore.path() + " holds no private key");
        } catch (UnrecoverableKeyException e) {
            throw new IllegalArgumentException(where + ": the private key in " + keystore.path() + " has another "
                    + "password than the keystore's (one Password serves both)");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(where + ": cannot open " + keystore.path() + " as " + keystore.type()
                    + ": " + Messages.describe(e));
        }
    }
}
