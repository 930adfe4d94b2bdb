package io.github.clbtrigger.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.github.clbtrigger.matcher.ConfigProblem;
import io.github.clbtrigger.matcher.ListenerConfig;
import io.github.clbtrigger.matcher.ListenerSection;
import io.github.clbtrigger.matcher.LoadBalancerConfig;
import io.github.clbtrigger.matcher.Protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The keystores of a config's HTTPS listeners: {@code "Keystore": {"Path": ..., "Password": ..., "Type": ...}} in a
 * listener, clb-trigger's own field (CLB's {@code Certificate} names a certificate held by Tencent, which a local
 * frontend cannot fetch). An HTTPS listener without one is served with a generated self-signed certificate.
 *
 * <p>Read as a {@link ListenerSection}, in the one bounded pass that reads the rest of the configuration, its shape
 * problems reported with the others ({@code InvalidParameter.FormatError: $.Listeners[0].Keystore.Type: ...}); then
 * {@link #open} opens each keystore once the listeners are known. One instance per configuration read.
 */
final class Keystores implements ListenerSection {

    /** One listener's keystore: a PKCS#12 or JKS file holding the certificate and its private key. */
    record Keystore(Path path, String password, String type) {
        @Override
        public String toString() {
            return "Keystore[" + path + ", " + type + "]"; // never the password
        }
    }

    /** A {@code Keystore} as read, before its listener is known: the listener's index, its JSON path, the fields. */
    private record Declared(int listener, String at, String file, String password, String type) {}

    private static final String SHAPE = "must be {\"Path\": \"FILE\", \"Password\": \"...\"} with an optional "
            + "\"Type\" (PKCS12, the default, or JKS)";

    private final List<Declared> declared = new ArrayList<>();

    @Override
    public void read(JsonParser parser, String path, int listener, List<ConfigProblem> problems) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return;
        }
        if (token != JsonToken.START_OBJECT) {
            problems.add(new ConfigProblem(ConfigProblem.FORMAT_ERROR, path, SHAPE));
            parser.skipChildren();
            return;
        }
        String file = null;
        String password = "";
        String type = "PKCS12";
        int before = problems.size();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            String at = path + "." + name;
            switch (name) {
                case "Path" -> {
                    if (value == JsonToken.VALUE_STRING && !parser.getText().isBlank()) {
                        file = parser.getText();
                    } else {
                        problems.add(new ConfigProblem(ConfigProblem.FORMAT_ERROR, at, "expected the keystore "
                                + "file, a path relative to the configuration file or absolute"));
                    }
                }
                case "Password" -> {
                    if (value == JsonToken.VALUE_STRING) {
                        password = parser.getText();
                    } else {
                        problems.add(new ConfigProblem(ConfigProblem.FORMAT_ERROR, at, "expected a string"));
                    }
                }
                case "Type" -> {
                    String t = value == JsonToken.VALUE_STRING ? parser.getText().toUpperCase(Locale.ROOT) : "";
                    if (t.equals("PKCS12") || t.equals("JKS")) {
                        type = t;
                    } else {
                        problems.add(new ConfigProblem(ConfigProblem.FORMAT_ERROR, at, "expected PKCS12 or JKS"
                                + (value == JsonToken.VALUE_STRING
                                        ? ", got \"" + Messages.oneLine(parser.getText()) + "\"" : "")));
                    }
                }
                default -> {
                    // not ours: skipped below
                }
            }
            parser.skipChildren(); // an object or array not read is skipped whole; a scalar stays as it is
        }
        if (file == null && problems.size() == before) {
            problems.add(new ConfigProblem(ConfigProblem.MISSING_PARAMETER, path + ".Path", "required: " + SHAPE));
        }
        if (problems.size() == before) {
            declared.add(new Declared(listener, path, file, password, type));
        }
    }

    /**
     * Opens every keystore read, so that a wrong path or password is a config error at start, not a failed
     * handshake.
     *
     * @param config  the configuration the keystores were read with
     * @param baseDir the config file's folder, which a relative {@code Path} is resolved against
     * @param problems where what is wrong is added: {@code InvalidParameter.ProtocolCheckFailed} (not an HTTPS
     *                 listener), {@code ResourceNotFound} (no such file), {@code InvalidParameter.FormatError} (not
     *                 a keystore of its type, another password, no private key), each at the {@code Keystore}'s path
     * @return the keystores that opened, by {@code ListenerId}
     */
    Map<String, Keystore> open(LoadBalancerConfig config, Path baseDir, List<ConfigProblem> problems) {
        Map<String, Keystore> keystores = new LinkedHashMap<>();
        for (Declared d : declared) {
            ListenerConfig listener = config.listeners().get(d.listener());
            String where = d.at() + " [" + listener.listenerId() + "]";
            if (listener.protocol() != Protocol.HTTPS) {
                problems.add(new ConfigProblem(ConfigProblem.PROTOCOL_CHECK_FAILED, where,
                        "only an HTTPS listener has a Keystore; this one is " + listener.protocol()));
                continue;
            }
            Keystore keystore = new Keystore(baseDir.resolve(d.file()).normalize(), d.password(), d.type());
            ConfigProblem problem = check(keystore, where);
            if (problem == null) {
                keystores.put(listener.listenerId(), keystore);
            } else {
                problems.add(problem);
            }
        }
        return Collections.unmodifiableMap(keystores);
    }

    /** Opens the keystore and its private key with the one password, as Jetty will; the problem, or null. */
    private static ConfigProblem check(Keystore keystore, String where) {
        if (!Files.isRegularFile(keystore.path())) {
            return new ConfigProblem(ConfigProblem.RESOURCE_NOT_FOUND, where, "file not found: " + keystore.path());
        }
        try (InputStream in = Files.newInputStream(keystore.path())) {
            KeyStore store = KeyStore.getInstance(keystore.type());
            store.load(in, keystore.password().toCharArray());
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    store.getKey(alias, keystore.password().toCharArray());
                    return null;
                }
            }
            return new ConfigProblem(ConfigProblem.FORMAT_ERROR, where, keystore.path() + " holds no private key");
        } catch (UnrecoverableKeyException e) {
            return new ConfigProblem(ConfigProblem.FORMAT_ERROR, where, "the private key in " + keystore.path()
                    + " has another password than the keystore's (one Password serves both)");
        } catch (IOException | GeneralSecurityException e) {
            return new ConfigProblem(ConfigProblem.FORMAT_ERROR, where, "cannot open " + keystore.path() + " as "
                    + keystore.type() + ": " + Messages.describe(e));
        }
    }
}
