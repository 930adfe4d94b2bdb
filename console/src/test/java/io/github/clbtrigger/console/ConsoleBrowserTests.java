package io.github.clbtrigger.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The inspector page in a real headless Chromium (Debian's chromium and chromedriver; {@code .ci/browsers}
 * installs them), against a console on a Jetty server on a free port, fed with records.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTests {

    /**
     * Where the screenshot goes: target/ by default, so a build leaves the tree clean; docs/console.png when the
     * build is run with {@code -Dclb.console.screenshot=docs} (docs/console.md, RELEASING.md).
     */
    private static final Path SCREENSHOT = "docs".equals(System.getProperty("clb.console.screenshot"))
            ? Path.of("..", "docs", "console.png")
            : Path.of("target", "console.png");

    @TempDir
    static Path profile;

    private static ChromeDriver driver;
    private static Inspector inspector;
    private static TestServer server;

    @BeforeAll
    static void startBrowser() throws Exception {
        driver = Chromium.start(profile);
        inspector = new Inspector(Inspector.DEFAULT_CAPACITY);
        server = new TestServer(Console.builder()
                .inspector(inspector)
                .routes(ConsoleBrowserTests::routes)
                .build());
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    private static RouteTableView routes() {
        return new RouteTableView(List.of(
                new RouteTableView.Route("lbl-http", "HTTP", 8080, "api.example.com", "/hello", "loc-hello",
                        List.of(new RouteTableView.Target(Records.HELLO, 100))),
                new RouteTableView.Route("lbl-http", "HTTP", 8080, "shop.example.com", "/orders", "loc-orders",
                        List.of(new RouteTableView.Target(Records.ORDERS, 80),
                                new RouteTableView.Target(new ExchangeRecord.Function("shop", "orders", "3"), 20)))));
    }

    @BeforeEach
    void openThePage() {
        driver.get(server.base() + "/_clb/");
        waitFor(Duration.ofSeconds(5), () -> driver.findElement(By.id("live")).getText().equals("live"));
    }

    private static void waitFor(Duration timeout, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(driver, timeout, Duration.ofMillis(25)).until(d -> condition.getAsBoolean());
    }

    private static WebElement rowOf(long seq) {
        return driver.findElement(By.cssSelector("#exchanges tbody tr[data-seq='" + seq + "']"));
    }

    private static boolean hasRow(long seq) {
        return !driver.findElements(By.cssSelector("#exchanges tbody tr[data-seq='" + seq + "']")).isEmpty();
    }

    private static String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private static void open(long seq) {
        rowOf(seq).click();
        String id = rowOf(seq).getDomAttribute("data-seq");
        waitFor(Duration.ofSeconds(2), () -> driver.findElement(By.id("detail")).isDisplayed()
                && inspector.get(Long.parseLong(id)).map(e -> e.exchange().id()).orElse("?").equals(text("d-id")));
    }

    @Test
    void thePageLoadsWithNoConsoleErrorAndShowsTheRouteTable() {
        List<String> rows = driver.findElements(By.cssSelector("#routes tbody tr")).stream()
                .map(WebElement::getText).toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1)).contains("loc-orders").contains("shop/orders:2 (80), shop/orders:3 (20)");
        List<LogEntry> errors = Chromium.warnings(driver);
        assertThat(errors).as("browser console errors and warnings").isEmpty();

        driver.executeScript("console.error('probe of the log channel')");
        assertThat(driver.manage().logs().get(LogType.BROWSER).getAll())
                .as("the browser log is read for real").anyMatch(e -> e.getMessage().contains("probe of the log channel"));
    }

    @Test
    void aNewExchangeAppearsWithinASecondWithItsRuleEventAndResponse() {
        long seq = inspector.add(Records.ok("req-live").target("/hello/live").build());
        Instant added = Instant.now();
        waitFor(Duration.ofSeconds(1), () -> hasRow(seq));
        assertThat(Duration.between(added, Instant.now())).isLessThan(Duration.ofSeconds(1));
        assertThat(rowOf(seq).getText()).contains("/hello/live", "loc-hello", "default/hello:$LATEST", "200");
        assertThat(driver.findElements(By.cssSelector("#exchanges tbody tr")).get(0).getDomAttribute("data-seq"))
                .as("newest first").isEqualTo(String.valueOf(seq));

        open(seq);
        assertThat(text("d-rule")).contains("loc-hello", "api.example.com /hello");
        assertThat(text("d-why")).contains("longest prefix /hello");
        assertThat(text("d-event")).contains("\"httpMethod\":\"POST\"");
        assertThat(text("d-answer")).contains("\"statusCode\":200");
        assertThat(text("d-verdict-outcome")).isEqualTo("accepted");
        assertThat(text("d-response-body")).isEqualTo("hi ada");
        assertThat(text("d-curl")).startsWith("curl --path-as-is -X 'POST' 'http://127.0.0.1:8080/hello/live'");
    }

    @Test
    void aRefusedAnswerShowsTheReasonAndPath() {
        long seq = inspector.add(Records.refused("req-refused").build());
        waitFor(Duration.ofSeconds(1), () -> hasRow(seq));
        open(seq);
        assertThat(text("d-verdict-outcome")).isEqualTo("refused:");
        assertThat(text("d-verdict-reason")).isEqualTo("statusCode is not an integer");
        assertThat(text("d-verdict-path")).isEqualTo("at $.statusCode");
        assertThat(text("d-status")).contains("403", "INVALID_RESPONSE");
    }

    @Test
    void theStatusFilterKeepsOnlyThatClass() {
        long ok = inspector.add(Records.ok("req-filter-ok").build());
        long refused = inspector.add(Records.refused("req-filter-refused").build());
        waitFor(Duration.ofSeconds(1), () -> hasRow(refused));
        new Select(driver.findElement(By.id("f-status"))).selectByValue("4xx");
        waitFor(Duration.ofSeconds(2), () -> !hasRow(ok) && hasRow(refused));
        assertThat(driver.findElements(By.cssSelector("#exchanges tbody tr td:nth-child(8)")))
                .extracting(WebElement::getText).isNotEmpty().allMatch(status -> status.startsWith("4"));
    }

    @Test
    void hostileContentIsShownAsTextAndRunsNoScript() {
        String script = "<script>window.__pwned='script'</script>";
        String img = "<img src=x onerror=\"window.__pwned='img'\">";
        long seq = inspector.add(Records.ok("req-" + img)
                .host("evil" + img)
                .target("/x?" + script)
                .rule(new ExchangeRecord.Rule(img, script, "/" + img))
                .explanation(script + img)
                .function(new ExchangeRecord.Function(img, script, "$LATEST"), img)
                .requestHeader("X-Evil", script + img)
                .requestBody(Records.bytes("</pre>" + script + img))
                .event(Records.bytes("{\"body\":\"" + img + "\"}"))
                .rawAnswer(Records.bytes(img + script))
                .refused(img, "$." + script)
                .responseHeader("X-Evil", img)
                .responseBody(Records.bytes(img + script))
                .build());
        waitFor(Duration.ofSeconds(1), () -> hasRow(seq));
        open(seq);

        assertThat(rowOf(seq).getText()).contains("evil" + img, "/x?" + script);
        assertThat(text("d-request-headers")).contains("X-Evil: " + script + img);
        assertThat(text("d-request-body")).isEqualTo("</pre>" + script + img);
        assertThat(text("d-event")).contains(img);
        assertThat(text("d-answer")).isEqualTo(img + script);
        assertThat(text("d-verdict-reason")).isEqualTo(img);
        assertThat(text("d-verdict-path")).isEqualTo("at $." + script);
        assertThat(text("d-response-body")).isEqualTo(img + script);
        assertThat(text("d-why")).isEqualTo(script + img);
        assertThat(driver.findElements(By.cssSelector("body img, #exchanges script, #detail script"))).isEmpty();
        assertThat(driver.executeScript("return window.__pwned === undefined")).isEqualTo(true);
    }

    @Test
    @Order(1) // first, so the page shows only the exchanges below
    void writesTheScreenshotOfTheDocs() throws Exception {
        Instant now = Instant.parse("2026-12-06T12:00:03.250Z");
        inspector.add(Records.ok("req-7f3a").time(now.minusSeconds(3)).method("GET").target("/hello?name=ada")
                .requestBody(new byte[0]).build());
        inspector.add(Records.ok("req-7f3b").time(now.minusSeconds(2)).function(Records.ORDERS, "2")
                .host("shop.example.com").target("/orders")
                .rule(new ExchangeRecord.Rule("loc-orders", "shop.example.com", "/orders"))
                .explanation("exact domain shop.example.com; prefix /orders").status(201)
                .duration(Duration.ofMillis(31)).build());
        long refused = inspector.add(Records.refused("req-7f3c").time(now.minusSeconds(1)).build());
        inspector.add(ExchangeRecord.builder().id("req-7f3d").time(now).client("127.0.0.1", 50004)
                .listenerId("lbl-http").host("api.example.com").method("GET").target("/nowhere")
                .explanation("no rule of api.example.com matches /nowhere").status(404)
                .duration(Duration.ofMillis(1)).error("NOT_FOUND").build());
        waitFor(Duration.ofSeconds(1), () -> hasRow(refused + 1));
        open(refused);
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        Files.createDirectories(SCREENSHOT.toAbsolutePath().getParent());
        Files.write(SCREENSHOT, png);
    }
}
