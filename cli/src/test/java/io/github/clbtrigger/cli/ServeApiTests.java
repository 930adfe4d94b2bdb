package io.github.clbtrigger.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tencentcloudapi.clb.v20180317.ClbClient;
import com.tencentcloudapi.clb.v20180317.models.CreateListenerRequest;
import com.tencentcloudapi.clb.v20180317.models.CreateRuleRequest;
import com.tencentcloudapi.clb.v20180317.models.DeleteListenerRequest;
import com.tencentcloudapi.clb.v20180317.models.DeregisterFunctionTargetsRequest;
import com.tencentcloudapi.clb.v20180317.models.DescribeListenersRequest;
import com.tencentcloudapi.clb.v20180317.models.DescribeTargetsRequest;
import com.tencentcloudapi.clb.v20180317.models.DescribeTaskStatusRequest;
import com.tencentcloudapi.clb.v20180317.models.FunctionInfo;
import com.tencentcloudapi.clb.v20180317.models.FunctionTarget;
import com.tencentcloudapi.clb.v20180317.models.Listener;
import com.tencentcloudapi.clb.v20180317.models.ListenerBackend;
import com.tencentcloudapi.clb.v20180317.models.ModifyFunctionTargetsRequest;
import com.tencentcloudapi.clb.v20180317.models.RegisterFunctionTargetsRequest;
import com.tencentcloudapi.clb.v20180317.models.RuleInput;
import com.tencentcloudapi.clb.v20180317.models.RuleTargets;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import io.github.clbtrigger.api.ApiOptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * {@code clb serve} with its management port, driven by the official {@code tencentcloud-sdk-java} unchanged: every
 * change made through the API is served by the data plane at once, written to the file, and served again after a
 * restart.
 */
class ServeApiTests {

    static final String CONFIG = """
            {"LoadBalancerId": "lb-serve", "Listeners": [
              {"ListenerId": "lbl-http", "Protocol": "HTTP", "Port": 8080, "Rules": [
                {"LocationId": "loc-hello", "Domain": "localhost", "Url": "/hello", "DefaultServer": true,
                 "FunctionTargets": [{"Function": {"FunctionNamespace": "default", "FunctionName": "hello"},
                                      "Weight": 100}]}]}],
             "Functions": [
               {"FunctionName": "hello", "Type": "Event", "Handler": "io.github.clbtrigger.cli.HelloHandler::mainHandler"},
               {"FunctionName": "echo", "Type": "Event", "Handler": "io.github.clbtrigger.cli.EchoEventHandler::handle"}]}
            """;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path file;
    ClbServer server;
    ClbClient clb;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ClbServer start(ApiOptions api, boolean watch) throws Exception {
        if (file == null) {
            file = Files.writeString(dir.resolve("clb.json"), CONFIG);
        }
        server = ClbServer.builder().configFile(file).port(0).watch(watch).management(api).start();
        clb = client(server);
        return server;
    }

    private int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Creates an HTTP listener on a port free a moment ago. Another process (a parallel build's client socket,
     * say) can take that port between the probe and the bind; the API then refuses with FailedOperation naming
     * the port, and another free port is tried.
     *
     * @return the ListenerId and its port
     */
    private Map.Entry<String, Integer> createListener() throws Exception {
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            CreateListenerRequest cl = new CreateListenerRequest();
            cl.setLoadBalancerId("lb-serve");
            cl.setPorts(new Long[] {(long) port});
            cl.setProtocol("HTTP");
            try {
                var answer = clb.CreateListener(cl);
                assertThat(waitForTask(answer.getRequestId())).isZero();
                return Map.entry(answer.getListenerIds()[0], port);
            } catch (TencentCloudSDKException e) {
                if (attempt == 5 || !e.getErrorCode().equals("FailedOperation")
                        || !e.getMessage().contains(String.valueOf(port))) {
                    throw e;
                }
            }
        }
    }

    /** The official SDK's client of a server's management port. */
    private static ClbClient client(ClbServer server) {
        URI uri = server.managementUri().orElseThrow();
        HttpProfile hp = new HttpProfile();
        hp.setEndpoint(uri.getHost() + ":" + uri.getPort());
        hp.setProtocol(HttpProfile.REQ_HTTP);
        ClientProfile cp = new ClientProfile();
        cp.setHttpProfile(hp);
        return new ClbClient(new Credential("AKIDtest", "anyKey"), "ap-guangzhou", cp);
    }

    private static ApiOptions api() {
        return ApiOptions.defaults().withPort(0);
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Ada\"}"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private long waitForTask(String taskId) throws Exception {
        DescribeTaskStatusRequest q = new DescribeTaskStatusRequest();
        q.setTaskId(taskId);
        for (int i = 0; i < 1000; i++) {
            long s = clb.DescribeTaskStatus(q).getStatus();
            if (s != 2) {
                return s;
            }
            Thread.sleep(60); // under the documented 20 calls per second
        }
        throw new AssertionError("task " + taskId + " still running");
    }

    private String createRule(String listener, String url) throws Exception {
        RuleInput in = new RuleInput();
        in.setDomain("localhost");
        in.setUrl(url);
        CreateRuleRequest r = new CreateRuleRequest();
        r.setLoadBalancerId("lb-serve");
        r.setListenerId(listener);
        r.setRules(new RuleInput[] {in});
        var answer = clb.CreateRule(r);
        assertThat(waitForTask(answer.getRequestId())).isZero();
        return answer.getLocationIds()[0];
    }

    private static FunctionTarget target(String name) {
        FunctionInfo f = new FunctionInfo();
        f.setFunctionNamespace("default");
        f.setFunctionName(name);
        f.setFunctionQualifier("$LATEST");
        FunctionTarget t = new FunctionTarget();
        t.setFunction(f);
        return t;
    }

    private void register(String listener, String location, String function) throws Exception {
        RegisterFunctionTargetsRequest r = new RegisterFunctionTargetsRequest();
        r.setLoadBalancerId("lb-serve");
        r.setListenerId(listener);
        r.setLocationId(location);
        r.setFunctionTargets(new FunctionTarget[] {target(function)});
        assertThat(waitForTask(clb.RegisterFunctionTargets(r).getRequestId())).isZero();
    }

    /** DescribeTargets as "listener/location domain+url" to bound functions. */
    private Map<String, List<String>> bindings() throws TencentCloudSDKException {
        DescribeTargetsRequest q = new DescribeTargetsRequest();
        q.setLoadBalancerId("lb-serve");
        Map<String, List<String>> out = new TreeMap<>();
        for (ListenerBackend l : clb.DescribeTargets(q).getListeners()) {
            for (RuleTargets r : l.getRules() == null ? new RuleTargets[0] : l.getRules()) {
                List<String> ts = new ArrayList<>();
                for (FunctionTarget t : r.getFunctionTargets()) {
                    ts.add(t.getFunction().getFunctionName());
                }
                out.put(l.getListenerId() + "/" + r.getLocationId() + " " + r.getDomain() + r.getUrl(), ts);
            }
        }
        return out;
    }

    @Nested
    class RoundTrip {
        @Test
        void createRegisterModifyDeregisterEachServedByTheDataPlaneAtOnce() throws Exception {
            start(api().withTaskDelay(Duration.ofMillis(150)), false);
            int port = server.port("lbl-http");

            String loc = createRule("lbl-http", "/api");
            HttpResponse<String> unbound = get(port, "/api");
            assertThat(unbound.statusCode()).isEqualTo(503);
            assertThat(unbound.body()).isEqualTo("{\"errno\":503,\"error\":\"No function bound.\"}");

            RegisterFunctionTargetsRequest r = new RegisterFunctionTargetsRequest();
            r.setLoadBalancerId("lb-serve");
            r.setListenerId("lbl-http");
            r.setLocationId(loc);
            r.setFunctionTargets(new FunctionTarget[] {target("hello")});
            String task = clb.RegisterFunctionTargets(r).getRequestId();
            DescribeTaskStatusRequest q = new DescribeTaskStatusRequest();
            q.setTaskId(task);
            assertThat(clb.DescribeTaskStatus(q).getStatus()).as("running during --api-task-delay").isEqualTo(2L);
            assertThat(get(port, "/api").statusCode()).as("not applied before the task ends").isEqualTo(503);
            assertThat(waitForTask(task)).isZero();
            HttpResponse<String> hello = get(port, "/api");
            assertThat(hello.statusCode()).isEqualTo(200);
            assertThat(hello.body()).isEqualTo("{\"message\":\"Hello, Ada!\",\"client\":\"127.0.0.1\"}");

            ModifyFunctionTargetsRequest m = new ModifyFunctionTargetsRequest();
            m.setLoadBalancerId("lb-serve");
            m.setListenerId("lbl-http");
            m.setDomain("localhost");
            m.setUrl("/api");
            m.setFunctionTargets(new FunctionTarget[] {target("echo")});
            assertThat(waitForTask(clb.ModifyFunctionTargets(m).getRequestId())).isZero();
            HttpResponse<String> echoed = get(port, "/api/x");
            assertThat(echoed.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(echoed.body()).path("payload").path("name").asText()).as("the echo function's answer")
                    .isEqualTo("Ada");

            DeregisterFunctionTargetsRequest d = new DeregisterFunctionTargetsRequest();
            d.setLoadBalancerId("lb-serve");
            d.setListenerId("lbl-http");
            d.setLocationId(loc);
            d.setFunctionTargets(new FunctionTarget[] {target("echo")});
            assertThat(waitForTask(clb.DeregisterFunctionTargets(d).getRequestId())).isZero();
            assertThat(get(port, "/api").statusCode()).isEqualTo(503);
            assertThat(get(port, "/hello").statusCode()).as("the other rule untouched").isEqualTo(200);
            assertThat(bindings()).containsEntry("lbl-http/" + loc + " localhost/api", List.of());
        }

        @Test
        void aRestartOnTheSameFileServesWhatDescribeTargetsLastShowed() throws Exception {
            start(api(), false);
            String loc = createRule("lbl-http", "/api");
            register("lbl-http", loc, "echo");
            Map<String, List<String>> before = bindings();
            assertThat(before).containsEntry("lbl-http/" + loc + " localhost/api", List.of("echo"));
            server.close();

            start(api(), false);
            assertThat(bindings()).isEqualTo(before);
            HttpResponse<String> echoed = get(server.port("lbl-http"), "/api");
            assertThat(echoed.statusCode()).as(echoed.body()).isEqualTo(200);
            assertThat(JSON.readTree(echoed.body()).path("payload").path("name").asText()).isEqualTo("Ada");
        }
    }

    @Nested
    class Listeners {
        /** Whether a new TCP connection to the port is refused (a pooled keep-alive one would not tell). */
        private boolean refused(int port) throws IOException {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
                return false;
            } catch (ConnectException e) {
                return true;
            }
        }

        @Test
        void aCreatedListenerAcceptsOnItsPortAtOnceAndADeletedOneStops() throws Exception {
            start(api(), false);
            Map.Entry<String, Integer> created = createListener();
            String lbl = created.getKey();
            int port = created.getValue();
            assertThat(get(port, "/x").statusCode()).as("listening, no rule yet").isEqualTo(404);
            register(lbl, createRule(lbl, "/new"), "hello");
            assertThat(get(port, "/new").body()).isEqualTo("{\"message\":\"Hello, Ada!\",\"client\":\"127.0.0.1\"}");
            assertThat(get(server.port("lbl-http"), "/new").statusCode()).as("not on the other listener")
                    .isEqualTo(404);

            DeleteListenerRequest dl = new DeleteListenerRequest();
            dl.setLoadBalancerId("lb-serve");
            dl.setListenerId(lbl);
            assertThat(waitForTask(clb.DeleteListener(dl).getRequestId())).isZero();
            assertThat(refused(port)).as("a new connection to the deleted listener's port").isTrue();
            assertThat(get(server.port("lbl-http"), "/hello").statusCode()).isEqualTo(200);
        }

        @Test
        void portsListTheListenersOpenNowThoseTheApiCreatedIncluded() throws Exception {
            start(api(), false);
            int first = server.port("lbl-http");
            Map.Entry<String, Integer> created = createListener();
            assertThat(server.ports()).containsExactly(Map.entry("lbl-http", first), created);
            assertThat(server.listenerIds()).containsExactly("lbl-http", created.getKey());
            assertThat(server.uri(created.getKey())).isEqualTo(URI.create("http://127.0.0.1:" + created.getValue()
                    + "/"));

            DeleteListenerRequest dl = new DeleteListenerRequest();
            dl.setLoadBalancerId("lb-serve");
            dl.setListenerId(created.getKey());
            assertThat(waitForTask(clb.DeleteListener(dl).getRequestId())).isZero();
            assertThat(server.ports()).containsExactly(Map.entry("lbl-http", first));
            assertThatThrownBy(() -> server.port(created.getKey())).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void aPortThatCannotBeBoundIsRefusedAndNothingChanges() throws Exception {
            start(api(), false);
            String before = Files.readString(file);
            try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                CreateListenerRequest cl = new CreateListenerRequest();
                cl.setLoadBalancerId("lb-serve");
                cl.setPorts(new Long[] {(long) taken.getLocalPort()});
                cl.setProtocol("HTTP");
                TencentCloudSDKException e = catchThrowableOfType(() -> clb.CreateListener(cl),
                        TencentCloudSDKException.class);
                assertThat(e.getErrorCode()).isEqualTo("FailedOperation");
                assertThat(e.getMessage()).contains(String.valueOf(taken.getLocalPort()));
            }
            assertThat(Files.readString(file)).isEqualTo(before);
            DescribeListenersRequest q = new DescribeListenersRequest();
            q.setLoadBalancerId("lb-serve");
            assertThat(clb.DescribeListeners(q).getListeners()).extracting(Listener::getListenerId)
                    .containsExactly("lbl-http");
            assertThat(get(server.port("lbl-http"), "/hello").statusCode()).isEqualTo(200);
        }
    }

    @Nested
    class HandEdits {
        /** A hand edit as an editor saves it: read, add a rule, write a temporary file and rename it over. */
        private void handEdit(String url) throws IOException {
            ObjectNode root = (ObjectNode) JSON.readTree(Files.readString(file));
            ArrayNode rules = (ArrayNode) root.get("Listeners").get(0).get("Rules");
            rules.addObject().put("LocationId", "loc-" + url.substring(1)).put("Domain", "localhost").put("Url", url);
            Path tmp = Files.writeString(dir.resolve("clb.json.edit"), JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(root));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }

        @Test
        void handEditsAndApiChangesInTurnLoseNothingOnDiskInTheApiOrOnTheDataPlane() throws Exception {
            start(api(), true);
            int port = server.port("lbl-http");
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                handEdit("/hand" + i);
                urls.add("/hand" + i);
                createRule("lbl-http", "/api" + i); // right after the edit, before the watch has seen it
                urls.add("/api" + i);
            }
            Thread.sleep(Management.WATCH_INTERVAL.toMillis() * 3);

            String onDisk = Files.readString(file);
            Map<String, List<String>> described = bindings();
            for (String url : urls) {
                assertThat(onDisk).as("file").contains("\"" + url + "\"");
                assertThat(described.keySet()).as("DescribeTargets").anyMatch(k -> k.endsWith("localhost" + url));
                assertThat(get(port, url).statusCode()).as("served: " + url + " (a rule without a function)")
                        .isEqualTo(503);
            }
            assertThat(get(port, "/hello").statusCode()).isEqualTo(200);
        }
    }

    @Nested
    class Command {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private ServeCommand serve;

        @AfterEach
        void stopCommand() {
            if (serve != null && serve.server != null) {
                serve.server.close();
            }
        }

        private int run(String... args) throws IOException {
            if (file == null) {
                file = Files.writeString(dir.resolve("clb.json"), CONFIG);
            }
            CommandLine cli = Clb.commandLine();
            cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
            cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
            List<String> all = new ArrayList<>(List.of("serve", "--config", file.toString(), "--port", "0"));
            all.addAll(List.of(args));
            serve = (ServeCommand) cli.parseArgs(all.toArray(String[]::new)).subcommand().commandSpec().userObject();
            return serve.start();
        }

        @Test
        void thePortsFileIsWrittenAgainWhenTheApiCreatesOrDeletesAListener() throws Exception {
            Path ports = dir.resolve("ports.json");
            assertThat(run("--api-port", "0", "--ports-file", ports.toString())).isZero();
            int first = serve.server.port("lbl-http");
            assertThat(Files.readString(ports)).isEqualTo("{\"lbl-http\": " + first + "}\n");
            clb = client(serve.server);
            Map.Entry<String, Integer> listener = createListener();
            String created = listener.getKey();
            assertThat(Files.readString(ports)).isEqualTo("{\"lbl-http\": " + first + ", \"" + created + "\": "
                    + listener.getValue() + "}\n");
            DeleteListenerRequest dl = new DeleteListenerRequest();
            dl.setLoadBalancerId("lb-serve");
            dl.setListenerId(created);
            assertThat(waitForTask(clb.DeleteListener(dl).getRequestId())).isZero();
            assertThat(Files.readString(ports)).isEqualTo("{\"lbl-http\": " + first + "}\n");
        }

        @Test
        void printsTheStartupLineWithTheBoundPort() throws Exception {
            assertThat(run("--api-port", "0")).isZero();
            int port = serve.server.managementUri().orElseThrow().getPort();
            String stdout = out.toString(StandardCharsets.UTF_8);
            assertThat(stdout.lines()).contains("api: http://127.0.0.1:" + port
                    + " (TencentCloud API 3.0, clb 2018-03-17)");
            assertThat(stdout).contains("api: warning: TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY are not set");
        }

        @Test
        void noApiOpensNoManagementPort() throws Exception {
            assertThat(run("--no-api")).isZero();
            assertThat(serve.server.managementUri()).isEmpty();
            assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("api:");
        }

        @Test
        void aBusyManagementPortIsOneLineNamingTheWayOutAndExit1() throws Exception {
            try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                assertThat(run("--api-port", String.valueOf(taken.getLocalPort()))).isEqualTo(1);
            }
            String stderr = err.toString(StandardCharsets.UTF_8);
            assertThat(stderr.lines()).hasSize(1);
            assertThat(stderr).startsWith("clb serve: api: cannot listen on 127.0.0.1:")
                    .contains("--api-port").contains("--no-api");
            assertThat(serve.server).isNull();
        }

        @Test
        void aNonLoopbackBindWithoutCredentialsIsRefusedBeforeAnythingListens() throws Exception {
            assertThat(run("--api-port", "0", "--api-bind", "0.0.0.0")).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("clb serve: --api-bind 0.0.0.0 is not a "
                    + "loopback address");
        }

        @Test
        void aBadFlagValueIsAUsageError() throws Exception {
            assertThat(run("--api-task-delay", "soon")).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("clb serve: --api-task-delay 'soon'");
        }

        @Test
        void aGroupSizeOutsideItsRangeIsAUsageError() throws Exception {
            assertThat(run("--api-port", "0", "--api-max-group", "0")).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).startsWith(
                    "clb serve: --api-max-group 0 is outside 1-1024");
        }

        @Test
        void theGroupSizeFlagReachesTheApiOptions() {
            ServeCommand command = new ServeCommand();
            command.apiMaxGroup = "1";
            assertThat(command.apiOptions(Map.of()).maxGroup()).isEqualTo(1);
        }

        @Test
        void credentialsFromTheEnvironmentMakeSignaturesMandatory() {
            ServeCommand command = new ServeCommand();
            ApiOptions options = command.apiOptions(Map.of("TENCENTCLOUD_SECRET_ID", "AKIDx",
                    "TENCENTCLOUD_SECRET_KEY", "key"));
            assertThat(options.strict()).isTrue();
            assertThat(options.port()).isEqualTo(ApiOptions.DEFAULT_PORT);
            assertThat(options.bind()).isEqualTo("127.0.0.1");
        }
    }
}
