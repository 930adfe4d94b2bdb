package io.github.clbtrigger.console;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** Exchange records for tests. */
final class Records {

    static final ExchangeRecord.Function HELLO = new ExchangeRecord.Function("default", "hello", "$LATEST");
    static final ExchangeRecord.Function ORDERS = new ExchangeRecord.Function("shop", "orders", "2");

    private Records() {}

    static ExchangeRecordBuilder ok(String id) {
        return ok(id, Body.DEFAULT_LIMIT);
    }

    static ExchangeRecordBuilder ok(String id, int bodyLimit) {
        return ExchangeRecord.builder(bodyLimit)
                .id(id)
                .time(Instant.parse("2026-12-06T12:00:00.250Z"))
                .client("127.0.0.1", 50000)
                .server("127.0.0.1", 8080)
                .listenerId("lbl-http")
                .host("api.example.com")
                .method("POST")
                .target("/hello?x=1")
                .rule(new ExchangeRecord.Rule("loc-hello", "api.example.com", "/hello"))
                .explanation("exact domain api.example.com; longest prefix /hello of 2 candidates")
                .function(HELLO, "$LATEST")
                .status(200)
                .duration(Duration.ofMillis(12))
                .functionDuration(Duration.ofMillis(9))
                .requestHeader("Content-Type", "application/json")
                .requestHeader("User-Agent", "curl/8.5.0")
                .requestBody(bytes("{\"name\":\"ada\"}"))
                .event(bytes("{\"httpMethod\":\"POST\",\"path\":\"/hello\",\"body\":\"{\\\"name\\\":\\\"ada\\\"}\"}"))
                .rawAnswer(bytes("{\"isBase64Encoded\":false,\"statusCode\":200,\"body\":\"hi ada\"}"))
                .accepted()
                .responseHeader("Content-Type", "text/plain")
                .responseBody(bytes("hi ada"));
    }

    static ExchangeRecordBuilder refused(String id) {
        return ok(id)
                .status(403)
                .rawAnswer(bytes("{\"statusCode\":\"two hundred\"}"))
                .refused("statusCode is not an integer", "$.statusCode")
                .error("INVALID_RESPONSE")
                .responseBody(bytes("invalid response"));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
