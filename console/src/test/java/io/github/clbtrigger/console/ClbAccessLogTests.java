package io.github.clbtrigger.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClbAccessLogTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ClbAccessLog LOG = new ClbAccessLog(ZoneId.of("Asia/Shanghai"));

    private static JsonNode line(ExchangeRecord r) throws Exception {
        String line = LOG.format(r);
        assertThat(line).doesNotContain("\n").doesNotContain("\r");
        return JSON.readTree(line);
    }

    @Test
    void fillsClbFieldsFromTheRecord() throws Exception {
        JsonNode log = line(Records.ok("req-42").requestHeader("Referer", "http://example.com/").build());
        assertThat(log.get("stgw_request_id").asText()).isEqualTo("req-42");
        assertThat(log.get("time_local").asText()).isEqualTo("06/Dec/2026:20:00:00 +0800");
        assertThat(log.get("protocol_type").asText()).isEqualTo("HTTP");
        assertThat(log.get("server_addr").asText()).isEqualTo("127.0.0.1");
        assertThat(log.get("server_port").asInt()).isEqualTo(8080);
        assertThat(log.get("server_name").asText()).isEqualTo("api.example.com");
        assertThat(log.get("remote_addr").asText()).isEqualTo("127.0.0.1");
        assertThat(log.get("remote_port").asInt()).isEqualTo(50000);
        assertThat(log.get("status").asInt()).isEqualTo(200);
        assertThat(log.get("upstream_status").asInt()).isEqualTo(200);
        assertThat(log.get("proxy_host").asText()).isEqualTo("default/hello:$LATEST");
        assertThat(log.get("request").asText()).isEqualTo("POST /hello?x=1 HTTP/1.1");
        // "POST /hello?x=1 HTTP/1.1\r\n" 26 + "Content-Type: application/json\r\n" 32 + "User-Agent: curl/8.5.0\r\n" 24
        // + "Referer: http://example.com/\r\n" 30 + "\r\n" 2 + 14 body bytes
        assertThat(log.get("request_length").asLong()).isEqualTo(26 + 32 + 24 + 30 + 2 + 14);
        // "HTTP/1.1 200 \r\n" 15 + "Content-Type: text/plain\r\n" 26 + "\r\n" 2 + 6 body bytes
        assertThat(log.get("bytes_sent").asLong()).isEqualTo(15 + 26 + 2 + 6);
        assertThat(log.get("http_host").asText()).isEqualTo("api.example.com");
        assertThat(log.get("http_user_agent").asText()).isEqualTo("curl/8.5.0");
        assertThat(log.get("http_referer").asText()).isEqualTo("http://example.com/");
        assertThat(log.get("request_time").decimalValue()).isEqualByComparingTo("0.012");
        assertThat(log.get("upstream_response_time").decimalValue()).isEqualByComparingTo("0.009");
        assertThat(log.get("ssl_protocol").isNull()).isTrue();
    }

    @Test
    void unknownFieldsAreNullNotInvented() throws Exception {
        JsonNode log = line(ExchangeRecord.builder().id("r").time(Instant.EPOCH).method("GET").target("/")
                .duration(Duration.ofMillis(1500)).build());
        for (String field : List.of("server_addr", "server_port", "server_name", "remote_addr", "remote_port",
                "status", "upstream_status", "proxy_host", "http_host", "http_user_agent", "http_referer",
                "upstream_response_time", "upstream_connect_time", "tcpinfo_rtt", "ssl_cipher")) {
            assertThat(log.get(field).isNull()).as(field).isTrue();
        }
        assertThat(log.get("request_time").decimalValue()).isEqualByComparingTo("1.500");
        assertThat(log.get("bytes_sent").asLong()).isZero();
    }

    @Test
    void everyClbFieldIsWrittenInClbOrder() throws Exception {
        List<String> names = new ArrayList<>();
        line(Records.ok("r").build()).fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("stgw_request_id", "time_local", "protocol_type", "server_addr",
                "server_port", "server_name", "remote_addr", "remote_port", "status", "upstream_status", "proxy_host",
                "request", "request_length", "bytes_sent", "http_host", "http_user_agent", "http_referer",
                "request_time", "upstream_response_time", "upstream_connect_time", "upstream_header_time",
                "tcpinfo_rtt", "connection", "connection_requests", "ssl_handshake_time", "ssl_cipher",
                "ssl_protocol", "ssl_session_reused");
    }

    @Test
    void hostileInputCannotForgeALine() throws Exception {
        String forged = "x\"}\n{\"stgw_request_id\":\"forged\u2028";
        JsonNode log = line(Records.ok(forged).host(forged).requestHeader("User-Agent", forged).build());
        assertThat(log.get("stgw_request_id").asText()).isEqualTo(forged);
        assertThat(log.get("http_host").asText()).isEqualTo(forged);
    }
}
