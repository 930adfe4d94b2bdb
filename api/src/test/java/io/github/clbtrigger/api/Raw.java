package io.github.clbtrigger.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Hand-made HTTP calls: what the SDKs never send (GET, huge bodies, stale timestamps, odd signatures). */
final class Raw {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** An answer: the HTTP status and the parsed body. */
    record Answer(int status, String contentType, JsonNode body) {
        String code() {
            return body.path("Response").path("Error").path("Code").asText("");
        }
    }

    private Raw() {
    }

    static Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.headers().firstValue("content-type").orElse(""),
                Json.MAPPER.readTree(r.body()));
    }

    /** A POST signed with TC3-HMAC-SHA256 over content-type;host, as the SDKs sign it. */
    static HttpRequest signed(int port, String action, String body, String id, String key, long timestamp,
                              String signedHost, String service) {
        String ct = "application/json";
        String date = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC)
                .format(Instant.ofEpochSecond(timestamp));
        String canonical = "POST\n/\n\ncontent-type:" + ct + "\nhost:" + signedHost + "\n\ncontent-type;host\n"
                + Tc3.sha256Hex(body.getBytes(StandardCharsets.UTF_8));
        String sig = Tc3.sign(key, date, service, canonical, Long.toString(timestamp));
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .header("Content-Type", ct)
                .header("X-TC-Action", action)
                .header("X-TC-Version", "2018-03-17")
                .header("X-TC-Timestamp", Long.toString(timestamp))
                .header("Authorization", "TC3-HMAC-SHA256 Credential=" + id + "/" + date + "/" + service
                        + "/tc3_request, SignedHeaders=content-type;host, Signature=" + sig)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    static HttpRequest.Builder unsigned(int port, String action) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .header("Content-Type", "application/json")
                .header("X-TC-Action", action)
                .header("X-TC-Version", "2018-03-17");
    }
}
