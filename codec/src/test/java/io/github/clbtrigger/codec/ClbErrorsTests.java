package io.github.clbtrigger.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClbErrorsTests {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            BAD_REQUEST        | 400 | {"errno":400,"error":"Bad request."}
            ANALYSE_FAILED     | 403 | {"errno":403,"error":"Analyse scf response failed."}
            NOT_FOUND          | 404 | {"errno":404,"error":"Not found."}
            REQUEST_TOO_LARGE  | 413 | {"errno":413,"error":"Request entity too large."}
            TOO_MANY_REQUESTS  | 429 | {"errno":429,"error":"Too many requests."}
            FUNCTION_ERROR     | 502 | {"errno":502,"error":"Function invocation failed."}
            TIMEOUT            | 504 | {"errno":504,"error":"Function invocation timed out."}
            """)
    void namedErrorsAreExact(String name, int status, String body) throws ReflectiveOperationException {
        HttpResponse error = (HttpResponse) ClbErrors.class.getField(name).get(null);
        assertThat(error.statusCode()).isEqualTo(status);
        assertThat(error.headers()).containsExactly(new Header("Content-Type", "application/json"));
        assertThat(new String(error.body(), StandardCharsets.UTF_8)).isEqualTo(body);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            quote and backslash  | say "hi" \\ bye
            control characters   | a\tb
            unicode              | 中文 é
            empty                | ``
            """)
    void messagesAreEscapedIntoValidJson(String name, String message) throws IOException {
        String text = message.replace("\\t", "\t");
        HttpResponse error = ClbErrors.of(418, text);
        JsonNode json = new ObjectMapper().readTree(error.body());
        assertThat(json.get("errno").intValue()).isEqualTo(418);
        assertThat(json.get("error").textValue()).isEqualTo(text);
        List<String> names = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("errno", "error");
    }

    @ParameterizedTest
    @CsvSource({"99", "600"})
    void statusMustBeValid(int status) {
        assertThatThrownBy(() -> ClbErrors.of(status, "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
