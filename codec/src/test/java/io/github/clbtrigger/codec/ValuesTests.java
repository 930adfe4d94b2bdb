package io.github.clbtrigger.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValuesTests {

    @Nested
    class Headers {

        @Test
        void nameMayNotBeEmptyOrNull() {
            assertThatThrownBy(() -> new Header("", "v")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new Header(null, "v")).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> new Header("n", null)).isInstanceOf(NullPointerException.class);
            assertThat(new Header("X", "")).isEqualTo(new Header("X", ""));
        }
    }

    @Nested
    class Requests {

        private InboundRequest with(String scheme, int clientPort, int vport) {
            return new InboundRequest("GET", "/", scheme, "HTTP/1.1", "1.2.3.4", clientPort, "5.6.7.8", vport,
                    List.of(), Instant.EPOCH);
        }

        @ParameterizedTest(name = "{0} {1} {2}")
        @CsvSource({"ftp, 1, 1", "HTTP, 1, 1", "http, -1, 1", "http, 65536, 1", "https, 1, -1", "https, 1, 65536"})
        void invalidValuesCannotBeConstructed(String scheme, int clientPort, int vport) {
            assertThatThrownBy(() -> with(scheme, clientPort, vport)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void headersAreCopied() {
            List<Header> headers = new ArrayList<>(List.of(new Header("A", "1")));
            InboundRequest request = new InboundRequest("GET", "/", "http", "HTTP/1.1", "1.2.3.4", 0, "5.6.7.8",
                    65535, headers, Instant.EPOCH);
            headers.add(new Header("B", "2"));
            assertThat(request.headers()).containsExactly(new Header("A", "1"));
            assertThatThrownBy(() -> request.headers().add(new Header("C", "3")))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    class Responses {

        @Test
        void bodyIsCopiedInAndOut() throws IOException {
            byte[] body = "abc".getBytes(StandardCharsets.UTF_8);
            HttpResponse response = new HttpResponse(200, List.of(), body);
            body[0] = 'x';
            response.body()[1] = 'x';
            assertThat(response.body()).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
            assertThat(response.bodyLength()).isEqualTo(3);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            response.writeBodyTo(out);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("abc");
        }

        @Test
        void aDecodedResponseKeepsItsArraysButAnyOtherCallerGetsCopies() {
            byte[] body = "abc".getBytes(StandardCharsets.UTF_8);
            Header[] lines = {new Header("A", "1"), new Header("B", "2"), null};
            HttpResponse decoded = HttpResponse.owning(200, lines, 2, body);
            assertThat(decoded.headers()).containsExactly(new Header("A", "1"), new Header("B", "2"));
            assertThat(decoded).isEqualTo(new HttpResponse(200, List.of(lines[0], lines[1]), body));
            assertThatThrownBy(() -> decoded.headers().add(new Header("C", "3")))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> decoded.headers().set(0, new Header("C", "3")))
                    .isInstanceOf(UnsupportedOperationException.class);

            // The list was handed its body once: passing both again, or the list with another array, copies.
            byte[] other = "xyz".getBytes(StandardCharsets.UTF_8);
            HttpResponse again = new HttpResponse(201, decoded.headers(), body);
            HttpResponse another = new HttpResponse(201, decoded.headers(), other);
            body[0] = 'x';
            other[0] = 'q';
            assertThat(again.body()).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
            assertThat(another.body()).isEqualTo("xyz".getBytes(StandardCharsets.UTF_8));
            assertThat(again.headers()).isNotSameAs(decoded.headers()).isEqualTo(decoded.headers());
        }

        @Test
        void equalityIsByContent() {
            HttpResponse a = new HttpResponse(200, List.of(new Header("A", "1")), new byte[] {1, 2});
            HttpResponse b = new HttpResponse(200, List.of(new Header("A", "1")), new byte[] {1, 2});
            assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
            assertThat(a).isNotEqualTo(new HttpResponse(200, List.of(new Header("A", "1")), new byte[] {1, 3}));
            assertThat(a).isNotEqualTo(new HttpResponse(201, List.of(new Header("A", "1")), new byte[] {1, 2}));
            assertThat(a.toString()).isEqualTo("HttpResponse[statusCode=200, headers=[Header[name=A, value=1]], "
                    + "body=2 bytes]");
        }

        @ParameterizedTest
        @CsvSource({"99", "600", "0", "-200"})
        void statusOutOfRangeCannotBeConstructed(int status) {
            assertThatThrownBy(() -> new HttpResponse(status, List.of(), new byte[0]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(status));
        }
    }

    @Nested
    class CustomHeaders {

        @ParameterizedTest(name = "{0}")
        @CsvSource({"X-Vip, X_VIP", "x-vport, X_VPORT", "X-URI, X_URI", "' X-Method ', X_METHOD",
                "x-real-port, X_REAL_PORT"})
        void byNameIgnoresCase(String name, CustomHeader expected) {
            assertThat(CustomHeader.byName(name)).contains(expected);
            assertThat(expected.headerName()).isEqualToIgnoringCase(name.strip());
        }

        @ParameterizedTest(name = "[{0}]")
        @CsvSource({"X-Real-IP", "X-Vips", "Vip", "''"})
        void unknownNamesAreEmpty(String name) {
            assertThat(CustomHeader.byName(name)).isEmpty();
            assertThat(CustomHeader.byName(null)).isEmpty();
        }
    }
}
