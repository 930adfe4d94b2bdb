package io.github.clbtrigger.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.tencentcloudapi.clb.v20180317.ClbClient;
import com.tencentcloudapi.clb.v20180317.models.DescribeLoadBalancersRequest;
import com.tencentcloudapi.clb.v20180317.models.DescribeTaskStatusRequest;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthAndHttpTests {
    @TempDir
    Path dir;

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    @Nested
    class Tc3Vector {
        /** The worked example of the reference, recorded from the Java SDK and recomputed in Python. */
        @Test
        void theJavaSdksRecordedSignatureVerifies() {
            String body = "{\"LoadBalancerId\":\"lb-abcd1234\",\"ListenerId\":\"lbl-efgh5678\",\"FunctionTargets\":"
                    + "[{\"Function\":{\"FunctionNamespace\":\"default\",\"FunctionName\":\"hello\","
                    + "\"FunctionQualifier\":\"$LATEST\"},\"Weight\":10}],\"LocationId\":\"loc-ijkl9012\"}";
            String header = "TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2026-12-06/127/tc3_request,"
                    + " SignedHeaders=content-type;host,"
                    + " Signature=1b4ce453ee98563cd80b91f74295bf2582a6ceba3fb23fe564ea9c54c91c444f";
            Map<String, String> headers = Map.of("host", "127.0.0.1:4577",
                    "content-type", "application/json; charset=utf-8");
            Tc3.Authorization auth = Tc3.parse(header);
            assertThat(auth.service()).isEqualTo("127");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            assertThat(Tc3.sha256Hex(bytes))
                    .isEqualTo("bae9c009c763edb851b574720a51d8be83a259f967190ea8926f3a1d4f0a41d4");
            assertThat(Tc3.verify(auth, "testSecretKey", "POST", "", headers, bytes, "1796585023")).isTrue();
            assertThat(Tc3.verify(auth, "otherKey", "POST", "", headers, bytes, "1796585023")).isFalse();
            assertThat(Tc3.verify(auth, "testSecretKey", "POST", "", headers, bytes, "1796585024")).isFalse();
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "no algorithm|Credential=a/2026-12-06/clb/tc3_request, SignedHeaders=content-type;host, Signature=00",
            "short signature|TC3-HMAC-SHA256 Credential=a/2026-12-06/clb/tc3_request, SignedHeaders=content-type;host, Signature=00",
            "no scope suffix|TC3-HMAC-SHA256 Credential=a/2026-12-06/clb, SignedHeaders=content-type;host, Signature=0000000000000000000000000000000000000000000000000000000000000000",
            "host unsigned|TC3-HMAC-SHA256 Credential=a/2026-12-06/clb/tc3_request, SignedHeaders=content-type, Signature=0000000000000000000000000000000000000000000000000000000000000000",
        })
        void malformedIsInvalidAuthorization(String name, String header) {
            assertThatThrownBy(() -> Tc3.parse(header)).isInstanceOfSatisfying(ApiError.class,
                    e -> assertThat(e.code()).isEqualTo("AuthFailure.InvalidAuthorization"));
        }

        @Test
        void aServiceWithColonAndPortIsTakenFromTheScope() {
            Tc3.Authorization a = Tc3.parse("TC3-HMAC-SHA256 Credential=AKID/2026-12-06/localhost:4577/tc3_request,"
                    + " SignedHeaders=content-type;host, Signature=" + "0".repeat(64));
            assertThat(a.secretId()).isEqualTo("AKID");
            assertThat(a.service()).isEqualTo("localhost:4577");
        }
    }

    @Nested
    class Strict {
        ApiFixture strict() throws Exception {
            return new ApiFixture(dir, ApiFixture.lenient().withSecrets(Map.of("AKIDgood", "goodKey")));
        }

        @Test
        void theRightKeyIsAccepted() throws Exception {
            try (ApiFixture api = strict()) {
                ClbClient clb = api.client("AKIDgood", "goodKey");
                assertThat(clb.DescribeLoadBalancers(new DescribeLoadBalancersRequest()).getTotalCount()).isEqualTo(1);
                assertThat(api.server.warning()).isEmpty();
            }
        }

        @Test
        void aWrongKeyIsSignatureFailure() throws Exception {
            try (ApiFixture api = strict()) {
                ClbClient clb = api.client("AKIDgood", "badKey");
                TencentCloudSDKException e = catchThrowableOfType(TencentCloudSDKException.class,
                        () -> clb.DescribeLoadBalancers(new DescribeLoadBalancersRequest()));
                assertThat(e.getErrorCode()).isEqualTo("AuthFailure.SignatureFailure");
            }
        }

        @Test
        void anUnknownIdIsSecretIdNotFound() throws Exception {
            try (ApiFixture api = strict()) {
                ClbClient clb = api.client("AKIDother", "goodKey");
                TencentCloudSDKException e = catchThrowableOfType(TencentCloudSDKException.class,
                        () -> clb.DescribeLoadBalancers(new DescribeLoadBalancersRequest()));
                assertThat(e.getErrorCode()).isEqualTo("AuthFailure.SecretIdNotFound");
            }
        }

        @ParameterizedTest(name = "{0}s off -> {1}")
        @CsvSource({"-3600, AuthFailure.SignatureExpire", "3600, AuthFailure.SignatureExpire",
                    "-301, AuthFailure.SignatureExpire", "-200, ''"})
        void theTimestampWindowIsFiveMinutes(long offset, String code) throws Exception {
            try (ApiFixture api = strict()) {
                String host = "127.0.0.1:" + api.server.port();
                Raw.Answer a = Raw.send(Raw.signed(api.server.port(), "DescribeLoadBalancers", "{}", "AKIDgood",
                        "goodKey", now() + offset, host, "127"));
                assertThat(a.code()).isEqualTo(code);
            }
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"raw Host header, '127.0.0.1:PORT', 127", "Host without port (Node SDK), 127.0.0.1, 127",
                    "service domain, clb.tencentcloudapi.com, clb", "localhost service, '127.0.0.1:PORT', localhost:PORT"})
        void everyCanonicalHostTheSdksUseIsAccepted(String name, String host, String service) throws Exception {
            try (ApiFixture api = strict()) {
                String port = Integer.toString(api.server.port());
                Raw.Answer a = Raw.send(Raw.signed(api.server.port(), "DescribeLoadBalancers", "{}", "AKIDgood",
                        "goodKey", now(), host.replace("PORT", port), service.replace("PORT", port)));
                assertThat(a.code()).as(a.body().toString()).isEmpty();
                assertThat(a.body().path("Response").path("TotalCount").asInt()).isEqualTo(1);
            }
        }

        @Test
        void anAlteredBodyIsSignatureFailure() throws Exception {
            try (ApiFixture api = strict()) {
                HttpRequest good = Raw.signed(api.server.port(), "DescribeLoadBalancers", "{}", "AKIDgood", "goodKey",
                        now(), "127.0.0.1:" + api.server.port(), "127");
                HttpRequest.Builder b = HttpRequest.newBuilder(good.uri());
                good.headers().map().forEach((k, vs) -> vs.forEach(v -> b.header(k, v)));
                Raw.Answer a = Raw.send(b.POST(HttpRequest.BodyPublishers.ofString("{\"Limit\":1}")).build());
                assertThat(a.code()).isEqualTo("AuthFailure.SignatureFailure");
            }
        }

        @Test
        void noAuthorizationIsInvalidAuthorization() throws Exception {
            try (ApiFixture api = strict()) {
                Raw.Answer a = Raw.send(Raw.unsigned(api.server.port(), "DescribeLoadBalancers")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
                assertThat(a.code()).isEqualTo("AuthFailure.InvalidAuthorization");
            }
        }
    }

    @Nested
    class Lenient {
        @Test
        void anySignatureOrNoneIsAcceptedAndAWarningIsOffered() throws Exception {
            try (ApiFixture api = new ApiFixture(dir, ApiFixture.lenient())) {
                assertThat(api.client("anyone", "anything").DescribeLoadBalancers(new DescribeLoadBalancersRequest())
                        .getTotalCount()).isEqualTo(1);
                Raw.Answer a = Raw.send(Raw.unsigned(api.server.port(), "DescribeLoadBalancers")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
                assertThat(a.code()).isEmpty();
                assertThat(api.server.warning()).hasValueSatisfying(w -> assertThat(w).startsWith("api: warning:"));
                assertThat(api.server.startupLine()).isEqualTo("api: http://127.0.0.1:" + api.server.port()
                        + " (TencentCloud API 3.0, clb 2018-03-17)");
            }
        }

        @Test
        void aNonLoopbackBindWithoutCredentialsIsRefused() {
            assertThatThrownBy(() -> ApiOptions.defaults().withBind("0.0.0.0").checkBind())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("TENCENTCLOUD_SECRET_ID");
            ApiOptions.defaults().withBind("0.0.0.0").withSecrets(Map.of("a", "b")).checkBind();
        }

        @Test
        void theRateLimitCountsPerSecretIdAndAction() throws Exception {
            try (ApiFixture api = new ApiFixture(dir, ApiOptions.defaults().withRateLimit(3))) {
                ClbClient clb = api.client("AKIDone", "k");
                int limited = 0;
                for (int i = 0; i < 10; i++) {
                    try {
                        clb.DescribeLoadBalancers(new DescribeLoadBalancersRequest());
                    } catch (TencentCloudSDKException e) {
                        assertThat(e.getErrorCode()).isEqualTo("RequestLimitExceeded");
                        limited++;
                    }
                }
                assertThat(limited).isGreaterThanOrEqualTo(4);
                DescribeTaskStatusRequest q = new DescribeTaskStatusRequest();
                q.setTaskId("x");
                TencentCloudSDKException other = catchThrowableOfType(TencentCloudSDKException.class,
                        () -> clb.DescribeTaskStatus(q));
                assertThat(other.getErrorCode()).isEqualTo("InvalidParameter");
                assertThat(api.client("AKIDtwo", "k").DescribeLoadBalancers(new DescribeLoadBalancersRequest())
                        .getTotalCount()).isEqualTo(1);
            }
        }
    }

    @Nested
    class HttpLayer {
        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({"GET, UnsupportedProtocol", "PUT, UnsupportedProtocol", "DELETE, UnsupportedProtocol"})
        void otherMethodsGetTheEnvelope(String method, String code) throws Exception {
            try (ApiFixture api = new ApiFixture(dir, ApiFixture.lenient())) {
                Raw.Answer a = Raw.send(Raw.unsigned(api.server.port(), "DescribeLoadBalancers")
                        .method(method, HttpRequest.BodyPublishers.noBody()).build());
                assertThat(a.status()).isEqualTo(200);
                assertThat(a.contentType()).isEqualTo("application/json");
                assertThat(a.code()).isEqualTo(code);
                assertThat(a.body().path("Response").path("RequestId").asText()).hasSize(36);
            }
        }

        @Test
        void aBodyOverTheLimitIsRefusedInTheEnvelope() throws Exception {
            try (ApiFixture api = new ApiFixture(dir, ApiFixture.lenient().withMaxBodyBytes(4096))) {
                Raw.Answer a = Raw.send(Raw.unsigned(api.server.port(), "DescribeLoadBalancers")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"x\":\"" + "a".repeat(10_000) + "\"}")).build());
                assertThat(a.status()).isEqualTo(200);
                assertThat(a.code()).isEqualTo("RequestSizeLimitExceeded");
            }
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "truncated|{\"LoadBalancerId\":|InvalidParameter.FormatError",
            "an array|[1,2]|InvalidParameter.FormatError",
            "trailing tokens|{} {}|InvalidParameter.FormatError",
            "duplicate key|{\"LoadBalancerId\":\"a\",\"LoadBalancerId\":\"b\"}|InvalidParameter.FormatError",
            "too deep|" + "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[|InvalidParameter.FormatError",
        })
        void badJsonIsFormatError(String name, String body, String code) throws Exception {
            try (ApiFixture api = new ApiFixture(dir, ApiFixture.lenient())) {
                Raw.Answer a = Raw.send(Raw.unsigned(api.server.port(), "DescribeTargets")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
                assertThat(a.status()).isEqualTo(200);
                assertThat(a.code()).isEqualTo(code);
            }
        }

        @Test
        void headersTooLargeAndFormPostsGetTheEnvelope() throws Exception {
            try (ApiFixture api = new ApiFixture(dir, ApiFixture.lenient())) {
                Raw.Answer big = Raw.send(Raw.unsigned(api.server.port(), "DescribeTargets")
                        .header("X-Big", "b".repeat(20_000)).POST(HttpRequest.BodyPublishers.ofString("{}")).build());
                assertThat(big.status()).isEqualTo(200);
                assertThat(big.code()).isEqualTo("RequestSizeLimitExceeded");
                Raw.Answer form = Raw.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.server.port()))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("Action=DescribeTargets&Version=2018-03-17")).build());
                assertThat(form.code()).isEqualTo("UnsupportedProtocol");
                Raw.Answer noAction = Raw.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.server.port()))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(5))
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
                assertThat(noAction.code()).isEqualTo("MissingParameter");
            }
        }
    }

}
