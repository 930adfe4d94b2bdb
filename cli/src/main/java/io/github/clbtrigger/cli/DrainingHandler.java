package io.github.clbtrigger.cli;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The stop as nginx's graceful shutdown does it: once {@link #drain} is called, connections that are idle between
 * requests are closed, every request still in flight is finished and answered with {@code Connection: close}, and a
 * request that reaches the handler on a connection kept alive is served the same way rather than refused. A balancer
 * in front (nginx with keep-alive upstreams) thus sees a closed connection, never a 503, and sends the next request
 * to another instance; a POST it already sent is answered, not lost.
 *
 * <p>The returned future completes when no request is in flight.
 */
final class DrainingHandler extends Handler.Wrapper {

    private final AtomicInteger inFlight = new AtomicInteger();
    /** The endpoints with requests in the handler, and how many (HTTP/2 has several): {@link #drain} spares them. */
    private final Map<EndPoint, Integer> busy = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean draining;

    DrainingHandler(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Handler next = getHandler();
        if (next == null) {
            return false;
        }
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        inFlight.incrementAndGet();
        busy.merge(endPoint, 1, Integer::sum);
        Callback counted = Callback.from(callback, () -> finished(endPoint));
        boolean handled;
        try {
            handled = next.handle(request, new ClosingWhenDraining(request, response), counted);
        } catch (Throwable t) {
            finished(endPoint);
            throw t;
        }
        if (!handled) {
            finished(endPoint);
        }
        return handled;
    }

    /**
     * Starts the drain: closes the idle connections of {@code connectors} and lets the busy ones finish.
     *
     * @return completes once no request is in flight
     */
    CompletableFuture<Void> drain(Iterable<? extends Connector> connectors) {
        draining = true;
        for (Connector connector : connectors) {
            for (EndPoint endPoint : connector.getConnectedEndPoints()) {
                if (!busy.containsKey(endPoint)) {
                    endPoint.close();
                }
            }
        }
        if (inFlight.get() == 0) {
            drained.complete(null);
        }
        return drained;
    }

    /** Adds {@code Connection: close} to a response first written once the drain began (on the writing thread). */
    private final class ClosingWhenDraining extends Response.Wrapper {
        ClosingWhenDraining(Request request, Response response) {
            super(request, response);
        }

        @Override
        public void write(boolean last, ByteBuffer content, Callback callback) {
            if (draining && !isCommitted()) {
                getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
            }
            super.write(last, content, callback);
        }
    }

    private void finished(EndPoint endPoint) {
        busy.computeIfPresent(endPoint, (e, n) -> n == 1 ? null : n - 1);
        if (inFlight.decrementAndGet() == 0 && draining) {
            drained.complete(null);
        }
    }
}
