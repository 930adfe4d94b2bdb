package io.github.clbtrigger.functions;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * HTTP calls to functions (remote event functions, FunctionGraph HTTP functions): java.net.http's blocking
 * {@code send} run on the pooled function threads, cancelled by interrupting that thread.
 *
 * <p>Not {@code sendAsync}: its completion stages fall back on {@code ForkJoinPool.commonPool()}, which on a
 * machine with two CPUs or fewer has parallelism 1 and so runs every task on a new thread: one thread per proxied
 * request (benchmarks/analysis.md has the numbers).
 */
final class PooledHttp {

    private final HttpClient client;
    private final ExecutorService threads;

    PooledHttp(HttpClient client, ExecutorService threads) {
        this.client = client;
        this.threads = threads;
    }

    /**
     * Sends a request, reading at most {@code maxBodyBytes} of the response body. The future fails with
     * {@link ResponseTooLargeException} over that, with the {@link IOException} of a failed exchange otherwise;
     * cancelling it aborts the exchange.
     */
    CompletableFuture<HttpResponse<byte[]>> send(HttpRequest request, long maxBodyBytes) {
        CompletableFuture<HttpResponse<byte[]>> result = new CompletableFuture<>();
        Future<?> task = threads.submit(() -> {
            try {
                result.complete(client.send(request, BoundedBody.handler(maxBodyBytes)));
            } catch (InterruptedException e) {
                result.cancel(false);   // send() cancelled the exchange when interrupted
            } catch (IOException e) {
                result.completeExceptionally(e.getCause() instanceof ResponseTooLargeException tooLarge ? tooLarge : e);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            } finally {
                Thread.interrupted();   // do not leak an interrupt to the pool's next task
            }
        });
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                task.cancel(true);
            }
        });
        return result;
    }
}
