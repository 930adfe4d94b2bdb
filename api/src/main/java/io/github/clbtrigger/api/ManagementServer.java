package io.github.clbtrigger.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP binding of a {@link ControlPlane}: an embedded Jetty on its own address and port, {@code POST /} in, the
 * control plane's envelope out, always with HTTP 200 and {@code Content-Type: application/json} (any other status
 * makes the SDKs lose the error code). The HTTP layer's own refusals use the envelope too: a body over
 * {@link ApiOptions#maxBodyBytes()} ({@code RequestSizeLimitExceeded}, refused from {@code Content-Length} before
 * reading), another path than {@code /}, and requests Jetty's parser rejects (headers too large, a malformed request
 * line: {@code UnsupportedProtocol}).
 *
 * <pre>{@code
 * try (ControlPlane plane = ControlPlane.open(file, target, options);
 *      ManagementServer api = ManagementServer.start(plane)) {
 *     System.out.println(api.startupLine()); // api: http://127.0.0.1:4577 (TencentCloud API 3.0, clb 2018-03-17)
 *     api.warning().ifPresent(System.err::println);
 *     ...
 * }
 * }</pre>
 */
public final class ManagementServer implements AutoCloseable {
    /** The common error code of a request larger than the limit. */
    static final String SIZE_LIMIT = "RequestSizeLimitExceeded";

    private final Server server;
    private final ServerConnector connector;
    private final ControlPlane plane;

    private ManagementServer(Server server, ServerConnector connector, ControlPlane plane) {
        this.server = server;
        this.connector = connector;
        this.plane = plane;
    }

    /**
     * Starts serving {@code plane} on its options' {@link ApiOptions#bind()} and {@link ApiOptions#port()}.
     *
     * @param plane the control plane
     * @return the running server
     * @throws IllegalStateException if the bind address is not loopback and no credentials are configured
     * @throws IOException           if the port cannot be bound
     */
    public static ManagementServer start(ControlPlane plane) throws IOException {
        return start(plane, List.of());
    }

    /**
     * Starts serving {@code plane} with other handlers on the same port, tried first in order: a handler that
     * declines a request (returns {@code false}, e.g. for a path outside its own {@code /_clb/}) passes it on, and
     * the API answers what none took (any path but {@code /} with an error envelope).
     *
     * @param plane  the control plane
     * @param before handlers tried before the API, in order
     * @return the running server
     * @throws IllegalStateException if the bind address is not loopback and no credentials are configured
     * @throws IOException           if the port cannot be bound
     */
    public static ManagementServer start(ControlPlane plane, List<Handler> before) throws IOException {
        Objects.requireNonNull(plane, "plane");
        List<Handler> handlers = new ArrayList<>(before);
        ApiOptions options = plane.options();
        options.checkBind();
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("clb-api");
        threads.setDaemon(true);
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(options.bind());
        connector.setPort(options.port());
        connector.setIdleTimeout(30_000);
        server.addConnector(connector);
        handlers.add(new ApiHandler(plane, options.maxBodyBytes()));
        server.setHandler(new Handler.Sequence(handlers));
        server.setErrorHandler(new EnvelopeErrorHandler());
        try {
            server.start();
        } catch (IOException e) {
            stopQuietly(server);
            throw e;
        } catch (Exception e) {
            stopQuietly(server);
            throw new IOException("api: cannot start on " + options.bind() + ":" + options.port() + ": " + e, e);
        }
        return new ManagementServer(server, connector, plane);
    }

    /** {@return the bound port} */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@return the endpoint's URL, e.g. {@code http://127.0.0.1:4577}} */
    public URI uri() {
        String host = plane.options().bind();
        try {
            if (InetAddress.getByName(host) instanceof java.net.Inet6Address) {
                host = "[" + host + "]";
            }
        } catch (IOException e) {
            // a name, not an address: printed as given
        }
        return URI.create("http://" + host + ":" + port());
    }

    /** {@return the start-up line scripts read: {@code api: http://127.0.0.1:PORT (TencentCloud API 3.0, clb 2018-03-17)}} */
    public String startupLine() {
        return "api: " + uri() + " (TencentCloud API 3.0, clb " + ApiOptions.VERSION + ")";
    }

    /** {@return the one warning line to print when calls are not authenticated, else empty} */
    public Optional<String> warning() {
        return plane.options().strict() ? Optional.empty()
                : Optional.of("api: warning: TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY are not set; calls are"
                        + " not authenticated (any well-formed signature is accepted), loopback only");
    }

    /** Stops the server; the control plane stays open. */
    @Override
    public void close() {
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            System.getLogger(ManagementServer.class.getName()).log(System.Logger.Level.DEBUG, "api: stop", e);
        }
    }

    static boolean send(Response response, Callback callback, byte[] body) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    /** Reads the call, bounded, and hands it to the control plane. */
    private static final class ApiHandler extends Handler.Abstract {
        private final ControlPlane plane;
        private final int maxBody;

        ApiHandler(ControlPlane plane, int maxBody) {
            super(InvocationType.BLOCKING);
            this.plane = plane;
            this.maxBody = maxBody;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws IOException {
            if (!"/".equals(request.getHttpURI().getPath())) {
                return send(response, callback, ControlPlane.refusal(ApiError.UNSUPPORTED_PROTOCOL,
                        "The API is served at / only."));
            }
            long length = request.getLength();
            if (length > maxBody) {
                return send(response, callback, ControlPlane.refusal(SIZE_LIMIT, "The request body exceeds "
                        + maxBody + " bytes."));
            }
            byte[] body;
            try (InputStream in = Content.Source.asInputStream(request)) {
                body = in.readNBytes(maxBody + 1);
            }
            if (body.length > maxBody) {
                return send(response, callback, ControlPlane.refusal(SIZE_LIMIT, "The request body exceeds "
                        + maxBody + " bytes."));
            }
            Map<String, String> headers = new HashMap<>();
            for (HttpField f : request.getHeaders()) {
                headers.putIfAbsent(f.getLowerCaseName(), f.getValue());
            }
            String query = request.getHttpURI().getQuery();
            ApiRequest call = new ApiRequest(request.getMethod(), query == null ? "" : query, headers, body);
            return send(response, callback, plane.handle(call));
        }
    }

    /** Jetty's own refusals (a malformed request, headers too large) as an envelope with HTTP 200. */
    private static final class EnvelopeErrorHandler extends ErrorHandler {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Object status = request.getAttribute(ERROR_STATUS);
            int code = status instanceof Integer i ? i : 500;
            String error = code == 413 || code == 431 ? SIZE_LIMIT : ApiError.UNSUPPORTED_PROTOCOL;
            return send(response, callback, ControlPlane.refusal(error, "The HTTP request was refused (HTTP " + code
                    + "); send POST / with a JSON body, as the TencentCloud SDKs do."));
        }
    }
}
