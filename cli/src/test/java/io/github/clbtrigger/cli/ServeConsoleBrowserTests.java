package io.github.clbtrigger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import picocli.CommandLine;

/**
 * The inspector page of a real {@code clb serve} (its command line, its management port) in headless Chromium
 * (Debian's chromium and chromedriver; {@code .ci/browsers} installs them): a request sent with an HTTP client shows
 * in the open page within a second, with its rule and status.
 */
class ServeConsoleBrowserTests {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path dir;

    private ServeCommand serve;
    private ChromeDriver driver;

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (serve != null && serve.server != null) {
            serve.server.close();
        }
    }

    @Test
    void aRequestSentToClbServeShowsInThePageWithinASecond() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("the browser tests need %s and %s: run .ci/browsers (apt-get install chromium chromium-driver)",
                        CHROMIUM, CHROMEDRIVER)
                .isTrue();
        Path config = Files.writeString(dir.resolve("clb.json"), String.format(ServeCommandTests.HELLO_CONFIG, 8080,
                "io.github.clbtrigger.cli.HelloHandler::mainHandler"));
        CommandLine cli = Clb.commandLine();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        serve = (ServeCommand) cli.parseArgs("serve", "--config", config.toString(), "--port", "0", "--api-port", "0")
                .subcommand().commandSpec().userObject();
        assertThat(serve.start()).as(err.toString(StandardCharsets.UTF_8)).isZero();
        URI management = serve.server.managementUri().orElseThrow();

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + dir.resolve("profile").toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build(), options);
        driver.get(management.resolve("/_clb/").toString());
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(10), Duration.ofMillis(25));
        wait.until(d -> d.findElement(By.id("live")).getText().equals("live"));
        assertThat(driver.findElement(By.id("routes")).getText()).contains("loc-hello", "default/hello");

        HttpResponse<String> hello = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                serve.server.uri("lbl-http").resolve("/hello?from=browser-test")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(hello.statusCode()).isEqualTo(200);
        long sent = System.nanoTime();
        new WebDriverWait(driver, Duration.ofSeconds(1), Duration.ofMillis(20)).until(d ->
                d.findElements(By.cssSelector("#exchanges tbody tr")).stream()
                        .anyMatch(row -> row.getText().contains("/hello?from=browser-test")));
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThanOrEqualTo(Duration.ofSeconds(1));
        String row = driver.findElements(By.cssSelector("#exchanges tbody tr")).stream()
                .filter(r -> r.getText().contains("/hello?from=browser-test")).findFirst().orElseThrow().getText();
        assertThat(row).contains("loc-hello", "200");
        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(errors).as("the page's console errors").isEmpty();
    }
}
