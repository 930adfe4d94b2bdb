package io.github.clbtrigger.functions;

import io.github.clbtrigger.codec.FunctionGraphContext;
import io.github.clbtrigger.codec.Header;
import io.github.clbtrigger.codec.HttpResponse;
import io.github.clbtrigger.codec.InboundRequest;
import io.github.clbtrigger.functions.TriggerMetrics.ErrorKind;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

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

    /** Hop-by-hop (RFC 9110 §7.6.1), framing, and what the proxy sets itself. */
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
    private final FunctionHttpClient client;
    private final long maxBodyBytes;
    private final BootstrapProcess process;   // null for Url
    private final String region;
    private final String projectId;
    private Generation current;   // guarded by this

    /** The function listening at {@code spec}'s {@code Url}. */
    HttpFunctionRuntime(FunctionSpec.HttpUrl spec, FunctionHttpClient client, long maxBodyBytes, String projectId,
            String region) {
        this(spec, spec.url(), client, maxBodyBytes, null, projectId, region);
    }

    /** The function {@code process} runs, listening on 127.0.0.1 at {@code spec}'s {@code Port}. */
    HttpFunctionRuntime(FunctionSpec.HttpBootstrap spec, FunctionHttpClient client, long maxBodyBytes,
            BootstrapProcess process, String projectId, String region) {
        this(spec, URI.create("http://127.0.0.1:" + spec.port()), client, maxBodyBytes, process, projectId, region);
    }

    private HttpFunctionRuntime(FunctionSpec spec, URI base, FunctionHttpClient client, long maxBodyBytes,
            BootstrapProcess process, String projectId, String region) {
        this.spec = spec;
        this.base = base;
        this.client = client;
        this.maxBodyBytes = maxBodyBytes;
        this.process = process;
        this.projectId = projectId;
        this.region = region;
    }

    @Override
    public Input input() {
        return Input.REQUEST;
    }

    @Override
    public void start() {
        if (process != null) {
            process.start();
        }
    }

    @Override
    public boolean ready() {
        if (process == null) {
            return true;
        }
        CompletableFuture<Void> r = process.ready();
        return r.isDone() && !r.isCompletedExceptionally();
    }

    @Override
    public int launches() {
        return process == null ? 0 : process.launches();
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
        return ready.thenCompose(v -> process == null ? send(invocation, () -> true) : sendWhileAlive(invocation));
    }

    /**
     * The exchange ends when the process that was serving dies: at once a 502, as nginx answers when its upstream
     * closes mid-response, and never a retry on the relaunched process (the function would run twice). One exit handler per process ends all of its calls in flight and drops its pooled
     * connections; calls are not chained on the exit future one by one, which would keep every finished request
     * (body included) reachable until the process exits.
     */
    private CompletableFuture<FunctionResult> sendWhileAlive(Invocation invocation) {
        Generation g = generation(process.exitOfCurrent());
        CompletableFuture<FunctionResult> result = new CompletableFuture<>();
        g.calls().add(result);
        result.whenComplete((r, e) -> g.calls().remove(result));
        if (g.death().isDone()) {
            result.complete(processExited());
            return result;
        }
        CompletableFuture<FunctionResult> call = send(invocation, () -> !g.death().isDone());
        call.whenComplete((r, e) -> {
            if (r != null) {
                result.complete(r);
            } else {
                result.completeExceptionally(e);
            }
        });
        result.whenComplete((r, e) -> {
            if (!call.isDone()) {
                call.cancel(true);   // the process died, or the function's timeout cancelled the result
            }
        });
        return result;
    }

    /** One running process of the function: its exit, and the calls in flight to it. */
    private record Generation(CompletableFuture<Void> death, Set<CompletableFuture<FunctionResult>> calls) {}

    private Generation generation(CompletableFuture<Void> death) {
        synchronized (this) {
            if (current != null && current.death() == death) {
                return current;
            }
            Generation g = new Generation(death, ConcurrentHashMap.newKeySet());
            current = g;
            death.thenRun(() -> {
                client.closeIdle(base);
                FunctionResult failure = processExited();
                g.calls().forEach(c -> c.complete(failure));
            });
            return g;
        }
    }

    private FunctionResult processExited() {
        return new FunctionResult.Failure(ErrorKind.FUNCTION_ERROR, "function " + spec.displayName()
                + ": the bootstrap process exited during the request");
    }

    private CompletableFuture<FunctionResult> send(Invocation invocation, BooleanSupplier mayRetry) {
        InboundRequest in = invocation.request();
        CompletableFuture<HttpResponse> exchange = client.send(base, in.method(), invocation.target(),
                headers(invocation), invocation.body(), spec.ioTimeout(), maxBodyBytes,
                mayRetry);
        CompletableFuture<FunctionResult> mapped = exchange.thenApply(response -> {
            List<Header> headers = new ArrayList<>(response.headers().size());
            for (Header h : response.headers()) {
                String lower = h.name().toLowerCase(Locale.ROOT);
                if (!DROPPED_RESPONSE.contains(lower) && !lower.startsWith("x-accel-")) {
                    headers.add(h);
                }
            }
            return new FunctionResult.Http(new HttpResponse(response.statusCode(), List.copyOf(headers),
                    response.body()));
        });
        mapped.whenComplete((r, e) -> {
            if (mapped.isCancelled()) {
                exchange.cancel(true);   // closes the connection: aborts the exchange (timeout, process death)
            }
        });
        return mapped;
    }

    /** The header lines forwarded to the function ({@code Host} is the function server's, added by the client). */
    List<Header> headers(Invocation invocation) {
        InboundRequest in = invocation.request();
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
        List<Header> out = new ArrayList<>(in.headers().size() + 12);
        for (Header h : in.headers()) {
            String lower = h.name().toLowerCase(Locale.ROOT);
            if (DROPPED_REQUEST.contains(lower) || connectionTokens.contains(lower) || lower.startsWith(":")
                    || FunctionGraphContext.isReservedHeader(h.name())) {
                continue;
            }
            out.add(h);
        }
        InvocationContext ctx = invocation.context();
        FunctionGraphContext cff = new FunctionGraphContext(ctx.requestId(), ctx.memoryLimitInMb(),
                spec.timeoutSeconds(), spec.key().qualifier(), spec.name(), projectId, spec.key().namespace(), region);
        out.addAll(cff.headers());
        out.add(new Header("X-Forwarded-For", forwardedFor == null ? in.clientIp() : forwardedFor + ", " + in.clientIp()));
        out.add(new Header("X-Real-IP", in.clientIp()));
        out.add(new Header("X-Forwarded-Proto", in.scheme()));
        if (host != null) {
            out.add(new Header("X-Forwarded-Host", host));
        }
        return out;
    }
}
