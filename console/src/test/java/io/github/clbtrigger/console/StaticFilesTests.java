package io.github.clbtrigger.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The page's own files keep to the rules the CSP enforces in the browser, so a slip fails here first. */
class StaticFilesTests {

    private static String file(String name) {
        return new String(StaticFiles.get(name).orElseThrow().bytes(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
        "new Function", "setTimeout('", "setInterval('", "http://", "https://"})
    void theScriptNeverParsesDataAsHtmlOrCode(String forbidden) {
        assertThat(file("console.js")).doesNotContain(forbidden);
    }

    @ParameterizedTest
    @ValueSource(strings = {"<style", "style=", "javascript:", "http://", "https://", "<script>"})
    void thePageHasNoInlineScriptStyleOrOtherOrigin(String forbidden) {
        assertThat(file("").toLowerCase(java.util.Locale.ROOT)).doesNotContain(forbidden);
    }

    @org.junit.jupiter.api.Test
    void thePageHasNoEventHandlerAttribute() {
        assertThat(file("")).doesNotContainPattern("(?i)\\son[a-z]+\\s*=");
    }
}
