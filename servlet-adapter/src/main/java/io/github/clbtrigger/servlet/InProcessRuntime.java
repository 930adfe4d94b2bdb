package io.github.clbtrigger.servlet;

import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Runs a {@link ClbFunction} on the filter's function executor, so that no container thread waits for it.
 * Cancelling the returned future interrupts the thread; a function that ignores interrupts keeps it until it
 * returns, and its value is then discarded. With a class loader of its own ({@code handlerClasspath}), that loader
 * is closed by {@link #close()}.
 */
final class InProcessRuntime implements FunctionRuntime {

    private final ClbFunction function;
    private final ClassLoader loader;
    private final URLClassLoader owned;   // the function's own class loader (handlerClasspath), closed by close()
    private final ExecutorService executor;
    private final long maxValueBytes;

    InProcessRuntime(ClbFunction function, ClassLoader loader, URLClassLoader owned, ExecutorService executor,
            long maxValueBytes) {
        this.function = function;
        this.loader = loader;
        this.owned = owned;
        this.executor = executor;
        this.maxValueBytes = maxValueBytes;
    }

    @Override
    public void close() {
        Engine.closeQuietly(owned);
    }

    @Override
    public boolean takesEvent() {
        return true;
    }

    @Override
    public CompletableFuture<FunctionResult> invoke(Invocation invocation) {
        CompletableFuture<FunctionResult> result = new CompletableFuture<>();
        String event = new String(invocation.event(), StandardCharsets.UTF_8);
        Future<?> task = executor.submit(() -> {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                String value = function.handle(event, invocation.context());
                byte[] bytes = String.valueOf(value).getBytes(StandardCharsets.UTF_8);
                if (bytes.length > maxValueBytes) {
                    result.completeExceptionally(new ResponseTooLargeException(maxValueBytes));
                } else {
                    result.complete(new FunctionResult.Value(bytes));
                }
            } catch (Throwable t) {
                result.completeExceptionally(t);
            } finally {
                thread.setContextClassLoader(previous);
                Thread.interrupted(); // do not leak an interrupt to the pool's next task
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
