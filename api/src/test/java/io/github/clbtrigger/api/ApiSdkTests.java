package io.github.clbtrigger.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.tencentcloudapi.clb.v20180317.ClbClient;
import com.tencentcloudapi.clb.v20180317.models.CreateListenerRequest;
import com.tencentcloudapi.clb.v20180317.models.CreateRuleResponse;
import com.tencentcloudapi.clb.v20180317.models.DeleteRuleRequest;
import com.tencentcloudapi.clb.v20180317.models.DeregisterFunctionTargetsRequest;
import com.tencentcloudapi.clb.v20180317.models.DescribeListenersRequest;
import com.tencentcloudapi.clb.v20180317.models.DescribeLoadBalancersRequest;
import com.tencentcloudapi.clb.v20180317.models.DescribeTaskStatusRequest;
import com.tencentcloudapi.clb.v20180317.models.Listener;
import com.tencentcloudapi.clb.v20180317.models.ModifyFunctionTargetsRequest;
import com.tencentcloudapi.clb.v20180317.models.ModifyRuleRequest;
import com.tencentcloudapi.clb.v20180317.models.RegisterFunctionTargetsRequest;
import com.tencentcloudapi.common.CommonClient;
import com.tencentcloudapi.common.CommonRequest;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import java.nio.file.Path;
import java.util.List;

import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The endpoint driven by the official {@code tencentcloud-sdk-java}, unchanged, pointed at it. */
class ApiSdkTests {
    @TempDir
    Path dir;
    ApiFixture api;
    ClbClient clb;

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture(dir, ApiFixture.lenient());
        clb = api.client();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Nested
    class RoundTrip {
        @Test
        void createRuleRegisterModifyDeregisterEachLiveAndOnDisk() throws Exception {
            CreateRuleResponse created = clb.CreateRule(Sdk.createRule("lbl-http", "localhost", "/api"));
            assertThat(Sdk.waitForTask(clb, created.getRequestId())).isZero();
            String loc = created.getLocationIds()[0];
            assertThat(loc).matches("loc-[a-z0-9]{8}");

            String reg = clb.RegisterFunctionTargets(Sdk.register("lb-test", "lbl-http", loc,
                    Sdk.target("hello", "$LATEST", 10L))).getRequestId();
            assertThat(Sdk.waitForTask(clb, reg)).isZero();
            assertThat(Sdk.bindings(clb)).containsEntry("lbl-http/" + loc + " localhost/api",
                    List.of("default/hello:$LATEST@10"));
            assertThat(api.data.route("lbl-http", "localhost", "/api/x")).contains("default/hello:$LATEST");
            assertThat(api.fileConfig().listener("lbl-http").orElseThrow().rules().get(1).targets())
                    .singleElement().satisfies(t -> assertThat(t.function().name()).isEqualTo("hello"));
            assertThat(api.fileText()).contains("\"Functions\"").contains("\"ListenerName\" : \"web\"");

            ModifyFunctionTargetsRequest mod = new ModifyFunctionTargetsRequest();
            mod.setLoadBalancerId("lb-test");
            mod.setListenerId("lbl-http");
            mod.setDomain("localhost");
            mod.setUrl("/api");
            mod.setFunctionTargets(new com.tencentcloudapi.clb.v20180317.models.FunctionTarget[] {
                Sdk.target("other", "$LATEST", 100L)});
            assertThat(Sdk.waitForTask(clb, clb.ModifyFunctionTargets(mod).getRequestId())).isZero();
            assertThat(api.data.route("lbl-http", "localhost", "/api/x")).contains("default/other:$LATEST");
            assertThat(api.fileText()).contains("\"other\"").doesNotContain("\"hello\",\n        \"FunctionQualifier");

            DeregisterFunctionTargetsRequest dereg = new DeregisterFunctionTargetsRequest();
            dereg.setLoadBalancerId("lb-test");
            dereg.setListenerId("lbl-http");
            dereg.setLocationId(loc);
            dereg.setFunctionTargets(new com.tencentcloudapi.clb.v20180317.models.FunctionTarget[] {
                Sdk.target("other", "$LATEST", null)});
            assertThat(Sdk.waitForTask(clb, clb.DeregisterFunctionTargets(dereg).getRequestId())).isZero();
            assertThat(api.data.route("lbl-http", "localhost", "/api/x")).isEmpty();
            assertThat(api.fileConfig().listener("lbl-http").orElseThrow().rules().get(1).targets()).isEmpty();
            assertThat(Sdk.bindings(clb)).containsEntry("lbl-http/" + loc + " localhost/api", List.of());
        }

        @Test
        void weightDefaultsToTenAndQualifiersOfOneFunctionShareARule() throws Exception {
            clb.RegisterFunctionTargets(Sdk.register("lb-test", "lbl-http", "loc-hello",
                    Sdk.target("canary", "1", 90L), Sdk.target("canary", "2", null)));
            assertThat(Sdk.bindings(clb).get("lbl-http/loc-hello localhost/hello"))
                    .containsExactly("default/canary:1@90", "default/canary:2@10");
        }

        @Test
        void listenersRulesAndLoadBalancerAreDescribed() throws Exception {
            CreateListenerRequest cl = new CreateListenerRequest();
            cl.setLoadBalancerId("lb-test");
            cl.setPorts(new Long[] {18090L});
            cl.setProtocol("HTTP");
            cl.setListenerNames(new String[] {"second"});
            String lbl = clb.CreateListener(cl).getListenerIds()[0];
            assertThat(lbl).matches("lbl-[a-z0-9]{8}");
            clb.CreateRule(Sdk.createRule(lbl, "example.com", "= /exact"));

            DescribeListenersRequest dl = new DescribeListenersRequest();
            dl.setLoadBalancerId("lb-test");
            Listener[] ls = clb.DescribeListeners(dl).getListeners();
            assertThat(ls).extracting(Listener::getListenerId).containsExactly("lbl-http", "lbl-tcp", lbl);
            assertThat(ls[2].getListenerName()).isEqualTo("second");
            assertThat(ls[2].getPort()).isEqualTo(18090L);
            assertThat(ls[2].getRules()).singleElement().satisfies(r -> {
                assertThat(r.getUrl()).isEqualTo("= /exact");
                assertThat(r.getDomain()).isEqualTo("example.com");
            });

            ModifyRuleRequest mr = new ModifyRuleRequest();
            mr.setLoadBalancerId("lb-test");
            mr.setListenerId("lbl-http");
            mr.setLocationId("loc-hello");
            mr.setUrl("/hi");
            clb.ModifyRule(mr);
            assertThat(Sdk.bindings(clb)).containsKey("lbl-http/loc-hello localhost/hi");

            DeleteRuleRequest dr = new DeleteRuleRequest();
            dr.setLoadBalancerId("lb-test");
            dr.setListenerId("lbl-http");
            dr.setLocationIds(new String[] {"loc-hello"});
            clb.DeleteRule(dr);
            assertThat(Sdk.bindings(clb)).doesNotContainKey("lbl-http/loc-hello localhost/hi");

            DescribeLoadBalancersRequest dlb = new DescribeLoadBalancersRequest();
            assertThat(clb.DescribeLoadBalancers(dlb).getLoadBalancerSet()).singleElement()
                    .satisfies(lb -> assertThat(lb.getLoadBalancerId()).isEqualTo("lb-test"));
            assertThat(api.fileConfig().listeners()).hasSize(3);
        }
    }

    @Nested
    class Errors {
        @FunctionalInterface
        interface Call {
            void run(ClbClient clb, CommonClient raw) throws Exception;
        }

        static Stream<Arguments> cases() {
            return Stream.of(
                    Arguments.of("another load balancer", "InvalidParameter.LBIdNotFound", (Call) (c, r) ->
                            c.RegisterFunctionTargets(Sdk.register("lb-other", "lbl-http", "loc-hello",
                                    Sdk.target("hello", "$LATEST", 10L)))),
                    Arguments.of("unknown listener", "InvalidParameter.ListenerIdNotFound", (Call) (c, r) ->
                            c.RegisterFunctionTargets(Sdk.register("lb-test", "lbl-nope", "loc-hello",
                                    Sdk.target("hello", "$LATEST", 10L)))),
                    Arguments.of("layer-4 listener", "InvalidParameter.ProtocolCheckFailed", (Call) (c, r) ->
                            c.RegisterFunctionTargets(Sdk.register("lb-test", "lbl-tcp", "loc-hello",
                                    Sdk.target("hello", "$LATEST", 10L)))),
                    Arguments.of("unknown rule", "InvalidParameter.LocationNotFound", (Call) (c, r) ->
                            c.RegisterFunctionTargets(Sdk.register("lb-test", "lbl-http", "loc-nope",
                                    Sdk.target("hello", "$LATEST", 10L)))),
                    Arguments.of("function not in Functions", "ResourceNotFound", (Call) (c, r) ->
                            c.RegisterFunctionTargets(Sdk.register("lb-test", "lbl-http", "loc-hello",
                                    Sdk.target("ghost", "$LATEST", 10L)))),
                    Arguments.of("a second function", "InvalidParameterValue.Duplicate", (Call) (c, r) -> {
                        c.RegisterFunctionTargets(Sdk.register("lb-test", "lbl-http", "loc-hello",
                                Sdk.target("hello", "$LATEST", 10L)));
                        c.RegisterFunctionTargets(Sdk.register("lb-test", "lbl-http", "loc-hello",
                                Sdk.target("other", "$LATEST", 10L)));
                    }),
                    Arguments.of("the same target twice", "InvalidParameterValue.Duplicate", (Call) (c, r) -> {
                        c.RegisterFunctionTargets(Sdk.register("lb-test", "lbl-http", "loc-hello",
                                Sdk.target("hello", "$LATEST", 10L)));
                        c.RegisterFunctionTargets(Sdk.register("lb-test", "lbl-http", "loc-hello",
                                Sdk.target("hello", "$LATEST", 50L)));
                    }),
                    Arguments.of("weight over 100", "InvalidParameterValue.Range", (Call) (c, r) ->
                            c.RegisterFunctionTargets(Sdk.register("lb-test", "lbl-http", "loc-hello",
                                    Sdk.target("hello", "$LATEST", 101L)))),
                    Arguments.of("no rule named", "MissingParameter", (Call) (c, r) ->
                            c.RegisterFunctionTargets(Sdk.register("lb-test", "lbl-http", null,
                                    Sdk.target("hello", "$LATEST", 10L)))),
                    Arguments.of("no targets", "MissingParameter", (Call) (c, r) -> {
                        RegisterFunctionTargetsRequest q = Sdk.register("lb-test", "lbl-http", "loc-hello");
                        q.setFunctionTargets(null);
                        c.RegisterFunctionTargets(q);
                    }),
                    Arguments.of("no function name", "MissingParameter", (Call) (c, r) ->
                            c.RegisterFunctionTargets(Sdk.register("lb-test", "lbl-http", "loc-hello",
                                    Sdk.target(null, "$LATEST", 10L)))),
                    Arguments.of("bad URL", "InvalidParameter.FormatError", (Call) (c, r) ->
                            c.CreateRule(Sdk.createRule("lbl-http", "localhost", "no-slash"))),
                    Arguments.of("same domain and URL", "InvalidParameterValue.Duplicate", (Call) (c, r) ->
                            c.CreateRule(Sdk.createRule("lbl-http", "localhost", "/hello"))),
                    Arguments.of("rule on TCP", "InvalidParameter.ProtocolCheckFailed", (Call) (c, r) ->
                            c.CreateRule(Sdk.createRule("lbl-tcp", "localhost", "/x"))),
                    Arguments.of("port in use", "InvalidParameterValue.Duplicate", (Call) (c, r) -> {
                        CreateListenerRequest cl = new CreateListenerRequest();
                        cl.setLoadBalancerId("lb-test");
                        cl.setPorts(new Long[] {18080L});
                        cl.setProtocol("HTTP");
                        c.CreateListener(cl);
                    }),
                    Arguments.of("port out of range", "InvalidParameterValue.Range", (Call) (c, r) -> {
                        CreateListenerRequest cl = new CreateListenerRequest();
                        cl.setLoadBalancerId("lb-test");
                        cl.setPorts(new Long[] {70000L});
                        cl.setProtocol("HTTP");
                        c.CreateListener(cl);
                    }),
                    Arguments.of("unknown task", "InvalidParameter", (Call) (c, r) -> {
                        DescribeTaskStatusRequest q = new DescribeTaskStatusRequest();
                        q.setTaskId("no-such-task");
                        c.DescribeTaskStatus(q);
                    }),
                    Arguments.of("unknown action", "InvalidAction", (Call) (c, r) ->
                            r.commonRequest(new CommonRequest("{}"), "DescribeEverything")),
                    Arguments.of("unknown parameter", "UnknownParameter", (Call) (c, r) ->
                            r.commonRequest(new CommonRequest("{\"LoadBalancerId\":\"lb-test\",\"Bogus\":1}"),
                                    "DescribeTargets")),
                    Arguments.of("wrong type", "InvalidParameter", (Call) (c, r) ->
                            r.commonRequest(new CommonRequest("{\"LoadBalancerId\":5}"), "DescribeTargets")),
                    Arguments.of("missing LoadBalancerId", "MissingParameter", (Call) (c, r) ->
                            r.commonRequest(new CommonRequest("{}"), "DescribeTargets")));
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @MethodSource("cases")
        void codeReachesTheSdk(String name, String code, Call call) {
            CommonClient raw = new CommonClient("clb", "2018-03-17", new Credential("AKIDtest", "k"), "ap-guangzhou",
                    profile());
            TencentCloudSDKException e = catchThrowableOfType(TencentCloudSDKException.class,
                    () -> call.run(clb, raw));
            assertThat(e).as(name).isNotNull();
            assertThat(e.getErrorCode()).as(e.getMessage()).isEqualTo(code);
            assertThat(e.getRequestId()).matches("[0-9a-f-]{36}");
        }

        @Test
        void anotherVersionIsNoSuchVersion() {
            CommonClient raw = new CommonClient("clb", "2017-03-12", new Credential("AKIDtest", "k"), "ap-guangzhou",
                    profile());
            TencentCloudSDKException e = catchThrowableOfType(TencentCloudSDKException.class,
                    () -> raw.commonRequest(new CommonRequest("{}"), "DescribeLoadBalancers"));
            assertThat(e.getErrorCode()).isEqualTo("NoSuchVersion");
        }

        @Test
        void aRefusedChangeLeavesFileAndDataPlaneAsTheyWere() throws Exception {
            String before = api.fileText();
            catchThrowableOfType(TencentCloudSDKException.class, () -> clb.CreateRule(
                    Sdk.createRule("lbl-http", "localhost", "no-slash")));
            assertThat(api.fileText()).isEqualTo(before);
            assertThat(api.data.applied).isEmpty();
        }

        @Test
        void aDataPlaneRefusalIsFailedOperationAndRestoresTheFile() throws Exception {
            String before = api.fileText();
            api.data.refuse = "port 18090 is in use";
            TencentCloudSDKException e = catchThrowableOfType(TencentCloudSDKException.class, () ->
                    clb.RegisterFunctionTargets(Sdk.register("lb-test", "lbl-http", "loc-hello",
                            Sdk.target("hello", "$LATEST", 10L))));
            assertThat(e.getErrorCode()).isEqualTo("FailedOperation");
            assertThat(e.getMessage()).contains("port 18090 is in use");
            assertThat(api.fileText()).isEqualTo(before);
            api.data.refuse = null;
            assertThat(Sdk.bindings(clb).get("lbl-http/loc-hello localhost/hello")).isEmpty();
        }

        private ClientProfile profile() {
            HttpProfile hp = new HttpProfile();
            hp.setEndpoint("127.0.0.1:" + api.server.port());
            hp.setProtocol(HttpProfile.REQ_HTTP);
            ClientProfile cp = new ClientProfile();
            cp.setHttpProfile(hp);
            return cp;
        }
    }

}
