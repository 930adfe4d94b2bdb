package io.github.clbtrigger.functions;

import io.github.clbtrigger.functions.TriggerMetrics.ErrorKind;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * An event function in any language, served elsewhere: the event JSON is POSTed to {@code Url}
 * ({@code Content-Type: application/json}, the request id in {@code X-Scf-Request-Id}); a 2xx response's body is
 * the function's value, read up to the response limit. Any other status, or no connection, is a function error.
 */
final class RemoteEventRuntime implements FunctionRuntime {

    private final FunctionSpec spec;
    private final URI url;
    private final PooledHttp client;
    private final long maxValueBytes;

    RemoteEventRuntime(FunctionSpec.RemoteEvent spec, PooledHttp client, long maxValueBytes) {
        this.spec = spec;
        this.url = spec.url();
        this.client = client;
        this.maxValueBytes = maxValueBytes;
    }

    @Override
    public Input input() {
        return Input.EVENT_BYTES;
    }

    @Override
    public CompletableFuture<FunctionResult> invoke(Invocation invocation) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(spec.ioTimeout())
                .header("Content-Type", "application/json")
                .header("X-Scf-Request-Id", invocation.context().requestId())
                .POST(HttpRequest.BodyPublishers.ofByteArray(invocation.event()))
                .build();
        return client.send(request, maxValueBytes).thenApply(response -> {
            if (response.statusCode() / 100 != 2) {
                return new FunctionResult.Failure(ErrorKind.FUNCTION_ERROR, "function " + spec.displayName()
                        + " at " + url + " answered HTTP " + response.statusCode());
            }
            return new FunctionResult.Value(response.body());
        });
    }
}
