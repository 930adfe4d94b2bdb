package io.github.clbtrigger.api;

import com.tencentcloudapi.clb.v20180317.ClbClient;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import io.github.clbtrigger.matcher.LoadBalancerConfig;
import io.github.clbtrigger.matcher.RouteResult;
import io.github.clbtrigger.matcher.RouteTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A control plane on a temporary config file, served on port 0, with a data plane that compiles what it is given. */
class ApiFixture implements AutoCloseable {
    static final String CONFIG = """
            {
              "LoadBalancerId": "lb-test",
              "Listeners": [
                {"ListenerId": "lbl-http", "ListenerName": "web", "Protocol": "HTTP", "Port": 18080,
                 "Rules": [{"LocationId": "loc-hello", "Domain": "localhost", "Url": "/hello"}]},
                {"ListenerId": "lbl-tcp", "Protocol": "TCP", "Port": 18081}
              ],
              "Functions": [
                {"FunctionName": "hello", "Type": "Event", "Handler": "a.B::c"},
                {"FunctionName": "other", "Type": "Event", "Handler": "a.B::d"},
                {"FunctionName": "canary", "Qualifier": "1", "Type": "Event", "Handler": "a.B::e"},
                {"FunctionName": "canary", "Qualifier": "2", "Type": "Event", "Handler": "a.B::f"}
              ]
            }
            """;

    /** The data plane: the last configuration applied, compiled as the filter would. */
    static final class DataPlane implements ConfigTarget {
        final List<String> applied = new CopyOnWriteArrayList<>();
        volatile RouteTable table;
        volatile String refuse;
        /** Whether to check that the parsed configuration handed over is the text's (off when measuring). */
        volatile boolean checkParsed = true;

        DataPlane(String initial) {
            table = RouteTable.compile(LoadBalancerConfig.parse(initial));
        }

        @Override
        public void apply(String configJson) throws RejectedConfig {
            apply(configJson, LoadBalancerConfig.parse(configJson));
        }

        @Override
        public void apply(String configJson, LoadBalancerConfig parsed) throws RejectedConfig {
            if (refuse != null) {
                throw new RejectedConfig(refuse);
            }
            if (checkParsed && !parsed.equals(LoadBalancerConfig.parse(configJson))) {
                throw new AssertionError("the parsed configuration is not the text's");
            }
            table = RouteTable.compile(parsed);
            applied.add(configJson);
        }

        /** Changes applied with the {@code Functions} member handed over. */
        final AtomicInteger functionsGiven = new AtomicInteger();

        @Override
        public void apply(String configJson, LoadBalancerConfig parsed, Optional<String> functions)
                throws RejectedConfig {
            if (checkParsed && !functions.equals(functionsMember(configJson))) {
                throw new AssertionError("the Functions member handed over is not the text's: " + functions);
            }
            apply(configJson, parsed);
            functionsGiven.incrementAndGet();
        }

        /** The text's top-level Functions member, as the control plane hands it over (compact JSON). */
        static Optional<String> functionsMember(String configJson) {
            try {
                var node = Json.MAPPER.readTree(configJson).get("Functions");
                return node == null ? Optional.empty() : Optional.of(Json.MAPPER.writeValueAsString(node));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The function a request to {@code http://host/path} on the listener is routed to, if any. */
        Optional<String> route(String listenerId, String host, String path) {
            RouteResult r = table.route(listenerId, host, path);
            if (r instanceof RouteResult.Matched m && !m.rule().targets().isEmpty()) {
                return Optional.of(m.rule().targets().get(0).function().toString());
            }
            return Optional.empty();
        }
    }

    final Path dir;
    final Path file;
    final DataPlane data;
    final ControlPlane plane;
    final ManagementServer server;

    /** A client view of a server started elsewhere: only {@link #client()} and {@link #server} are usable. */
    static final class View extends ApiFixture {
        View(int port) {
            super(port);
        }
    }

    private final int viewPort;

    private ApiFixture(int port) {
        this.dir = null;
        this.file = null;
        this.data = null;
        this.plane = null;
        this.server = null;
        this.viewPort = port;
    }

    ApiFixture(Path dir, ApiOptions options) throws IOException {
        this(dir, options, CONFIG);
    }

    ApiFixture(Path dir, ApiOptions options, String config) throws IOException {
        this.dir = dir;
        this.file = dir.resolve("clb.json");
        Files.writeString(file, config);
        this.data = new DataPlane(config);
        this.plane = ControlPlane.open(file, data, options.withPort(0));
        this.server = ManagementServer.start(plane);
        this.viewPort = server.port();
    }

    static ApiOptions lenient() {
        return ApiOptions.defaults().withRateLimit(100_000);
    }

    ClbClient client() {
        return client("AKIDtest", "testSecretKey");
    }

    ClbClient client(String id, String key) {
        HttpProfile hp = new HttpProfile();
        hp.setEndpoint("127.0.0.1:" + viewPort);
        hp.setProtocol(HttpProfile.REQ_HTTP);
        ClientProfile cp = new ClientProfile();
        cp.setHttpProfile(hp);
        return new ClbClient(new Credential(id, key), "ap-guangzhou", cp);
    }

    String fileText() throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    LoadBalancerConfig fileConfig() throws IOException {
        return LoadBalancerConfig.parse(fileText());
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
            plane.close();
        }
    }
}
