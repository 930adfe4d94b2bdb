package io.github.clbtrigger.servlet;

import io.github.clbtrigger.codec.FunctionGraphContext;
import io.github.clbtrigger.codec.Header;
import io.github.clbtrigger.codec.HttpResponse;
import io.github.clbtrigger.codec.InboundRequest;
import io.github.clbtrigger.servlet.TriggerMetrics.ErrorKind;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A FunctionGraph HTTP function: the request is proxied as HTTP/1.1 to the function's server ({@code Bootstrap}
 * on {@code 127.0.0.1:Port}, or {@code Url}), with the {@code X-CFF-*} headers FunctionGraph sends. The client's own
 * {@code X-CFF-*}, hop-by-hop and forwarding headers are dropped; {@code X-Forwarded-For} is extended with the
 * client's address, {@code X-Real-IP}, {@code X-Forwarded-Proto} and {@code X-Forwarded-Host} (the client's Host;
 * the function sees {@code Host: 127.0.0.1:port}) are set. The request target is the one the client sent, as
 * nginx's {@code proxy_pass} without a URI part does. The response body is read up to the response limit
 * (FunctionGraph: "The HTTP response body cannot exceed 6 MB"); over it is a 502. Of the response headers, the
 * hop-by-hop ones and those nginx hides by default ({@code Date}, {@code Server}, {@code X-Pad}, {@code X-Accel-*})
 * are dropped, so the client sees one {@code Date}: the container's.
 */
final class HttpFunctionRuntime implements FunctionRuntime {

    /** Hop-by-hop (RFC 9110 §7.6.1) and headers java.net.http sets itself. */
    private static final Set<String> DROPPED_REQUEST = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host",
            "content-length", "expect", "http2-settings", "x-forwarded-for", "x-real-ip", "x-forwarded-proto",
            "x-forwarded-host", "x-forwarded-port");
    /**
     * Hop-by-hop, framing, and what nginx's {@code proxy_hide_header} hides by default ({@code Date}, {@code Server},
     * {@code X-Pad}, {@code X-Accel-*}): the frontend sends its own {@code Date} and {@code Server}.
     */
    private static final Set<String> DROPPED_RESPONSE = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "te", "trailer", "transfer-encoding", "upgrade", "content-length", "date", "server",
            "x-pad");

    private final FunctionSpec spec;
    private final URI base;
    private final PooledHttp client;
    private final long maxBodyBytes;
    private final BootstrapProcess process;   // null for Url
    private final String region;
    private final String projectId;

    HttpFunctionRuntime(FunctionSpec spec, PooledHttp client, long maxBodyBytes, BootstrapProcess process,
            String projectId, String region) {
        this.spec = spec;
        this.base = process == null ? spec.url() : URI.create("http://127.0.0.1:" + spec.port());
        this.client = client;
        this.maxBodyBytes = maxBodyBytes;
        this.process = process;
        this.projectId = projectId;
        this.region = region;
    }

    @Override
    public boolean takesEvent() {
        return false;
    }

    @Override
    public void start() {
        if (process != null) {
            process.start();
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop();
        }
    }

    @Override
    public CompletableFuture<FunctionResult> invoke(Invocation invocation) {
        CompletableFuture<Void> ready = process == null ? CompletableFuture.completedFuture(null) : process.ready();
        return ready.thenCompose(v -> process == null ? send(invocation) : sendWhileAlive(invocation));
    }

    /**
     * The exchange ends when the process that was serving dies: at once a 502, as nginx answers when its upstream
     * closes mid-response. Without this, java.net.http silently retries an idempotent request that lost its pooled
     * connection — on the relaunched process, so the function would run twice and the client would wait for the
     * second run (found by the issue-7 fault test: a killed function answered 504 instead of 502).
     */
    private CompletableFuture<FunctionResult> sendWhileAlive(Invocation invocation) {
        CompletableFuture<Void> death = process.exitOfCurrent();
        CompletableFuture<FunctionResult> call = send(invocation);
        CompletableFuture<FunctionResult> result = new CompletableFuture<>();
        call.whenComplete((r, e) -> {
            if (r != null) {
                result.complete(r);
            } else {
                result.completeExceptionally(e);
            }
        });
        death.thenRun(() -> {
            if (result.complete(new FunctionResult.Failure(ErrorKind.FUNCTION_ERROR, "function "
                    + spec.displayName() + ": the bootstrap process exited during the request"))) {
                call.cancel(true);
            }
        });
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                call.cancel(true);
            }
        });
        return result;
    }

    private CompletableFuture<FunctionResult> send(Invocation invocation) {
        HttpRequest request;
        try {
            request = request(invocation);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new FunctionResult.Failure(ErrorKind.FUNCTION_ERROR,
                    "request cannot be forwarded to function " + spec.displayName() + ": " + e.getMessage()));
        }
        CompletableFuture<java.net.http.HttpResponse<byte[]>> exchange = client.send(request, maxBodyBytes);
        CompletableFuture<FunctionResult> mapped = exchange.thenApply(response -> {
            List<Header> headers = new ArrayList<>();
            for (Map.Entry<String, List<String>> e : response.headers().map().entrySet()) {
                String name = e.getKey();
                String lower = name.toLowerCase(Locale.ROOT);
                if (name.startsWith(":") || DROPPED_RESPONSE.contains(lower) || lower.startsWith("x-accel-")) {
                    continue;
                }
                for (String value : e.getValue()) {
                    headers.add(new Header(name, value));
                }
            }
            return new FunctionResult.Http(new HttpResponse(response.statusCode(), List.copyOf(headers), response.body()));
        });
        mapped.whenComplete((r, e) -> {
            if (mapped.isCancelled()) {
                exchange.cancel(true);   // aborts the HTTP exchange (timeout, process death)
            }
        });
        return mapped;
    }

    HttpRequest request(Invocation invocation) {
        InboundRequest in = invocation.request();
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        if (basePath.endsWith("/")) {
            basePath = basePath.substring(0, basePath.length() - 1);
        }
        URI uri = URI.create(base.getScheme() + "://" + base.getRawAuthority() + basePath + invocation.target());
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(spec.timeoutSeconds()))
                .method(in.method(), invocation.body().length == 0 && !in.method().equals("POST") && !in.method().equals("PUT")
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(invocation.body()));
        Set<String> connectionTokens = new HashSet<>();
        String forwardedFor = null;
        String host = null;
        for (Header h : in.headers()) {
            String lower = h.name().toLowerCase(Locale.ROOT);
            if (lower.equals("connection")) {
                for (String token : h.value().split(",")) {
                    connectionTokens.add(token.trim().toLowerCase(Locale.ROOT));
                }
            } else if (lower.equals("x-forwarded-for")) {
                forwardedFor = forwardedFor == null ? h.value() : forwardedFor + ", " + h.value();
            } else if (lower.equals("host") && host == null) {
                host = h.value();
            }
        }
        for (Header h : in.headers()) {
            String lower = h.name().toLowerCase(Locale.ROOT);
            if (DROPPED_REQUEST.contains(lower) || connectionTokens.contains(lower) || lower.startsWith(":")
                    || FunctionGraphContext.isReservedHeader(h.name())) {
                continue;
            }
            addSafely(b, h.name(), h.value());
        }
        InvocationContext ctx = invocation.context();
        FunctionGraphContext cff = new FunctionGraphContext(ctx.requestId(), ctx.memoryLimitInMb(),
                spec.timeoutSeconds(), spec.qualifier(), spec.name(), projectId, spec.namespace(), region);
        for (Header h : cff.headers()) {
            addSafely(b, h.name(), h.value());
        }
        addSafely(b, "X-Forwarded-For", forwardedFor == null ? in.clientIp() : forwardedFor + ", " + in.clientIp());
        addSafely(b, "X-Real-IP", in.clientIp());
        addSafely(b, "X-Forwarded-Proto", in.scheme());
        if (host != null) {
            addSafely(b, "X-Forwarded-Host", host);
        }
        return b.build();
    }

    /** java.net.http rejects header names and values it considers invalid; such a header is dropped, never sent raw. */
    private static void addSafely(HttpRequest.Builder b, String name, String value) {
        try {
            b.header(name, value);
        } catch (IllegalArgumentException dropped) {
            // an invalid or restricted header is not forwarded
        }
    }
}
