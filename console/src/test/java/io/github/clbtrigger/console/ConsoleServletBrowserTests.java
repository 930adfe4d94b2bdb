package io.github.clbtrigger.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page served by {@link ClbConsoleServlet} inside a webapp (context {@code /app}, console at {@code /_clb}, on
 * Jetty ee10), in a real headless Chromium: it loads from under the context path with no console error, shows the
 * filter's route table, and a request the filter routes appears live with its rule.
 */
class ConsoleServletBrowserTests {

    @TempDir
    Path work;

    @TempDir
    Path profile;

    @Test
    void theWebappPageShowsTheFiltersRequestsLive() throws Exception {
        ChromeDriver driver = Chromium.start(profile);
        try (ConsoleServletTests.JettyEe10 jetty = new ConsoleServletTests.JettyEe10()) {
            URI base = jetty.start(ConsoleServletTests.filter(true), new ClbConsoleServlet(), work);
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(5), Duration.ofMillis(25));

            driver.get(base.resolve("/app/_clb/").toString());
            wait.until(d -> d.findElement(By.id("live")).getText().equals("live"));
            wait.until(d -> d.findElements(By.cssSelector("#routes tbody tr")).stream()
                    .anyMatch(row -> row.getText().contains("loc-all")));

            HttpResponse<String> routed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    base.resolve("/app/hello?from=browser-test")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(routed.body()).isEqualTo("from the function");

            WebElement row = new WebDriverWait(driver, Duration.ofSeconds(2), Duration.ofMillis(25))
                    .until(d -> d.findElements(By.cssSelector("#exchanges tbody tr")).stream()
                            .filter(r -> r.getText().contains("/app/hello?from=browser-test")).findFirst()
                            .orElse(null));
            assertThat(row.getText()).contains("loc-all").contains("default/hello:$LATEST").contains("200");
            assertThat(Chromium.warnings(driver)).as("browser console errors and warnings").isEmpty();
        } finally {
            driver.quit();
        }
    }
}
