package io.github.clbtrigger.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.clbtrigger.codec.Header;
import io.github.clbtrigger.codec.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The proxy's HTTP/1.1 client against a scripted server on loopback. */
class FunctionHttpClientTests {

    /** What the scripted server does with one request on a connection: answer, or close, or hang. */
    @FunctionalInterface
    interface Script {
        /** @return false to close the connection after this request */
        boolean answer(String requestHead, OutputStream out) throws IOException;
    }

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final FunctionHttpClient client = new FunctionHttpClient(threads);
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> heads = new CopyOnWriteArrayList<>();
    private ServerSocket server;

    @AfterEach
    void stop() throws IOException {
        client.closeIdle(null);
        threads.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    private URI serve(Script script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    connections.incrementAndGet();
                    Thread t = new Thread(() -> handle(s, script));
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    private void handle(Socket s, Script script) {
        try (s) {
            InputStream in = s.getInputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                heads.add(head);
                int length = 0;
                for (String line : head.split("\r\n")) {
                    if (line.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                    }
                }
                in.readNBytes(length);
                if (!script.answer(head, s.getOutputStream())) {
                    return;
                }
            }
        } catch (IOException ignored) {
            // the client went away
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) {
                return text;
            }
        }
        return null;
    }

    private static boolean write(OutputStream out, String response) throws IOException {
        out.write(response.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return true;
    }

    private HttpResponse get(URI base, String method, long max) throws Exception {
        return client.send(base, method, "/fn?x=1", List.of(new Header("X-Test", "1")), new byte[0],
                Duration.ofSeconds(5), max, () -> true).get(10, TimeUnit.SECONDS);
    }

    private static Throwable cause(CompletableFuture<?> f) {
        try {
            f.get(10, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
    }

    @Test
    void contentLengthResponseAndKeepAliveReuse() throws Exception {
        URI base = serve((head, out) -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-A: 1\r\nX-A: 2\r\n\r\nhi"));

        HttpResponse first = get(base, "GET", 100);
        HttpResponse second = get(base, "GET", 100);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("hi".getBytes(StandardCharsets.US_ASCII));
        assertThat(first.headers()).contains(new Header("X-A", "1"), new Header("X-A", "2"));
        assertThat(second.body()).isEqualTo("hi".getBytes(StandardCharsets.US_ASCII));
        assertThat(connections.get()).as("the second call reuses the kept-alive connection").isEqualTo(1);
        assertThat(heads.get(0)).startsWith("GET /fn?x=1 HTTP/1.1\r\nHost: 127.0.0.1:").contains("\r\nX-Test: 1\r\n")
                .doesNotContain("Content-Length");
    }

    @Test
    void chunkedResponseWithTrailersAndInterimContinue() throws Exception {
        URI base = serve((head, out) -> write(out, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: t\r\n\r\n"));

        HttpResponse r = get(base, "GET", 100);

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(new String(r.body(), StandardCharsets.US_ASCII)).isEqualTo("abcde");
        assertThat(get(base, "GET", 100).statusCode()).isEqualTo(201);
        assertThat(connections.get()).isEqualTo(1);
    }

    @Test
    void closeDelimitedResponseIsReadToTheEndAndNotReused() throws Exception {
        URI base = serve((head, out) -> write(out, "HTTP/1.0 200 OK\r\n\r\nuntil close") && false);

        assertThat(new String(get(base, "GET", 100).body(), StandardCharsets.US_ASCII)).isEqualTo("until close");
        get(base, "GET", 100);
        assertThat(connections.get()).isEqualTo(2);
    }

    @Test
    void headResponsesHaveNoBodyWhateverTheirContentLength() throws Exception {
        URI base = serve((head, out) -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"));

        assertThat(get(base, "HEAD", 100).body()).isEmpty();
        assertThat(get(base, "HEAD", 100).body()).isEmpty();
        assertThat(connections.get()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "HTTP/1.1 200 OK\r\nContent-Length: 101\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n65\r\n",
        "HTTP/1.0 200 OK\r\n\r\n",
    })
    void bodiesOverTheLimitAreResponseTooLarge(String head) throws Exception {
        URI base = serve((h, out) -> write(out, head + "x".repeat(101)) && false);

        CompletableFuture<HttpResponse> call = client.send(base, "GET", "/", List.of(), new byte[0],
                Duration.ofSeconds(5), 100, () -> true);

        assertThat(cause(call)).isInstanceOf(ResponseTooLargeException.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"SSH-2.0-OpenSSH\r\n\r\n", "HTTP/1.1 20 OK\r\n\r\n", "HTTP/1.1 200 OK\r\nbad header\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxx",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"})
    void malformedResponsesAreErrors(String response) throws Exception {
        URI base = serve((h, out) -> write(out, response) && false);

        CompletableFuture<HttpResponse> call = client.send(base, "GET", "/", List.of(), new byte[0],
                Duration.ofSeconds(5), 100, () -> true);

        assertThat(cause(call)).isInstanceOf(IOException.class);
    }

    @Test
    void aStaleKeptAliveConnectionIsRetriedOnceForIdempotentMethodsOnly() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        // the server answers one request per connection but says keep-alive: the pooled connection is stale
        URI base = serve((head, out) -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n"
                + requests.incrementAndGet()) && false);

        get(base, "GET", 100);
        HttpResponse retried = get(base, "GET", 100);
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(connections.get()).as("the GET went out again on a new connection").isEqualTo(2);

        CompletableFuture<HttpResponse> post = client.send(base, "POST", "/", List.of(), new byte[] {1},
                Duration.ofSeconds(5), 100, () -> true);
        assertThat(cause(post)).as("a POST is never sent twice").isInstanceOf(IOException.class);
        assertThat(requests.get()).as("the server saw each request once").isEqualTo(2);
    }

    @Test
    void noRetryWhenTheCallerForbidsIt() throws Exception {
        URI base = serve((head, out) -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx") && false);
        get(base, "GET", 100);   // the pooled connection is now stale

        CompletableFuture<HttpResponse> call = client.send(base, "GET", "/", List.of(), new byte[0],
                Duration.ofSeconds(5), 100, () -> false);

        assertThat(cause(call)).isInstanceOf(IOException.class);
        assertThat(connections.get()).isEqualTo(1);
    }

    @Test
    void headersThatCouldSplitTheRequestAreNeverWritten() throws Exception {
        URI base = serve((head, out) -> write(out, "HTTP/1.1 204 No Content\r\n\r\n"));

        client.send(base, "GET", "/", List.of(new Header("X-Ok", "fine"), new Header("X-Bad", "a\r\nInjected: 1"),
                new Header("Bad Name", "v"), new Header("X-Nul", "a\0b")), new byte[0], Duration.ofSeconds(5), 100,
                () -> true).get(10, TimeUnit.SECONDS);

        assertThat(heads.get(0)).contains("X-Ok: fine").doesNotContain("Injected").doesNotContain("Bad Name")
                .doesNotContain("X-Nul");
    }

    @Test
    void postSendsTheBodyWithItsLength() throws Exception {
        URI base = serve((head, out) -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));

        client.send(base, "POST", "/p", List.of(), "abc".getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(5),
                100, () -> true).get(10, TimeUnit.SECONDS);

        assertThat(heads.get(0)).startsWith("POST /p HTTP/1.1\r\n").contains("\r\nContent-Length: 3\r\n");
    }

    @Test
    void cancellingClosesTheConnectionAndTheTimeoutBounds() throws Exception {
        URI base = serve((head, out) -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        });

        CompletableFuture<HttpResponse> hanging = client.send(base, "GET", "/", List.of(), new byte[0],
                Duration.ofSeconds(30), 100, () -> true);
        Thread.sleep(200);
        long start = System.nanoTime();
        hanging.cancel(true);
        assertThat(hanging).isCancelled();

        CompletableFuture<HttpResponse> bounded = client.send(base, "GET", "/", List.of(), new byte[0],
                Duration.ofMillis(300), 100, () -> true);
        assertThat(cause(bounded)).isInstanceOf(IOException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("no hang").isLessThan(5_000);
    }

    @Test
    void nonAsciiInTheTargetIsForwardedPercentEncodedAsUtf8() throws Exception {
        URI base = serve((head, out) -> write(out, "HTTP/1.1 204 No Content\r\n\r\n"));

        client.send(base, "GET", "/w/caf\u00e9?q=\u5317", List.of(), new byte[0], Duration.ofSeconds(5), 100,
                () -> true).get(10, TimeUnit.SECONDS);

        assertThat(heads.get(0)).startsWith("GET /w/caf%C3%A9?q=%E5%8C%97 HTTP/1.1\r\n");
    }

    @Test
    void aTargetThatIsNotVisibleAsciiIsRefused() throws Exception {
        URI base = serve((head, out) -> write(out, "HTTP/1.1 204 No Content\r\n\r\n"));

        CompletableFuture<HttpResponse> call = client.send(base, "GET", "/a b", List.of(), new byte[0],
                Duration.ofSeconds(5), 100, () -> true);

        assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
        assertThat(heads).isEmpty();
    }
}
