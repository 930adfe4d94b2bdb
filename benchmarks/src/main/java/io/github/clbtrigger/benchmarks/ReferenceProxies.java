package io.github.clbtrigger.benchmarks;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serial;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.Result;

/**
 * Minimal hand-written proxies to the {@code function} server, the yardsticks for scenario (d): how fast can any
 * servlet proxy on this machine be, with each HTTP client? They do none of the filter's work (no routing, no
 * header rules, no limits); they copy status and body.
 */
final class ReferenceProxies {
    private ReferenceProxies() {
    }

    /** The JDK client as servlet-adapter configures it, {@code sendAsync}, completing the servlet async context. */
    static final class JdkAsync extends HttpServlet {
        @Serial
        private static final long serialVersionUID = 1L;
        private final transient HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final URI target;

        JdkAsync(URI target) {
            this.target = target;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            AsyncContext async = req.startAsync();
            HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(3)).GET().build();
            client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((r, e) -> {
                try {
                    write((HttpServletResponse) async.getResponse(), r == null ? 502 : r.statusCode(),
                            r == null ? new byte[0] : r.body());
                } finally {
                    async.complete();
                }
            });
        }
    }

    /** The JDK client, blocking {@code send} on the container thread. */
    static final class JdkBlocking extends HttpServlet {
        @Serial
        private static final long serialVersionUID = 1L;
        private final transient HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final URI target;

        JdkBlocking(URI target) {
            this.target = target;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(3)).GET().build();
            try {
                HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                write(resp, r.statusCode(), r.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    /** Jetty's own {@code HttpClient}, asynchronous. */
    static final class Jetty extends HttpServlet {
        @Serial
        private static final long serialVersionUID = 1L;
        private final transient org.eclipse.jetty.client.HttpClient client;
        private final String target;

        Jetty(org.eclipse.jetty.client.HttpClient client, URI target) {
            this.client = client;
            this.target = target.toString();
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            AsyncContext async = req.startAsync();
            client.newRequest(target).timeout(3, TimeUnit.SECONDS).send(new BufferingResponseListener() {
                @Override
                public void onComplete(Result result) {
                    try {
                        write((HttpServletResponse) async.getResponse(),
                                result.isFailed() ? 502 : result.getResponse().getStatus(), getContent());
                    } finally {
                        async.complete();
                    }
                }
            });
        }
    }

    private static void write(HttpServletResponse resp, int status, byte[] body) {
        try {
            resp.setStatus(status);
            resp.setContentType("text/plain");
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        } catch (IOException e) {
            // the client went away; nothing to do in a benchmark
        }
    }
}
