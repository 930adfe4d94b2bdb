package io.github.clbtrigger.benchmarks;

import io.github.clbtrigger.servlet.ClbTriggerFilter;
import io.github.clbtrigger.servlet.RequestRecord;
import jakarta.servlet.DispatcherType;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The console's cost per request: scenario (b) ({@code echo}) against {@code echo-inspector} (the same, with the
 * console's observer fed per request: record, inspector ring, meters), each request sent through Jetty's in-memory
 * {@link LocalConnector} on one kept-alive connection (no sockets, so the difference is the observer's, not the
 * network's). Run with
 * {@code -prof gc} for the bytes allocated per request. In {@code echo-inspector} each request is given to the
 * observer {@value #REPEAT} times in a row, and the observer's own time (mean, median, p90) and allocation per call
 * are printed when each iteration ends ({@code observer: N ns per call}): the in-memory connector's hand-offs make
 * the requests' own times too noisy to subtract one scenario from the other. So {@code echo-inspector}'s score
 * is not (b)'s plus one observer call; read the printed line.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 6, time = 2)
public class ObserverBenchmark {

    private static final String REQUEST = "GET /echo HTTP/1.1\r\nHost: localhost\r\nUser-Agent: wrk\r\n"
            + "Accept: */*\r\n\r\n";

    /** Kept so that the level set once is not lost with a collected logger. */
    private static final Logger ACCESS_LOG = Logger.getLogger("io.github.clbtrigger.servlet.access");

    /** {@code echo} (the filter alone) or {@code echo-inspector} (with the console's observer). */
    @Param({"echo", "echo-inspector"})
    public String scenario;

    /** The observer's own time, measured around each call (two nanoTime calls, a few tens of ns, included). */
    private static final LongAdder OBSERVER_NANOS = new LongAdder();
    private static final LongAdder OBSERVER_BYTES = new LongAdder();
    private static final AtomicInteger OBSERVER_CALLS = new AtomicInteger();
    /**
     * Each request is given to the observer this many times in a row (the record is valid during the call), so that
     * its own time and allocation are measured over a batch: one call is too short for a shared machine's clock.
     */
    private static final int REPEAT = 20;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    /** The first calls' times of an iteration, for the median (the mean counts every preemption of the thread). */
    private static final AtomicLongArray SAMPLES = new AtomicLongArray(1 << 20);

    private Server server;
    private LocalConnector local;
    private LocalConnector.LocalEndPoint connection;

    /**
     * Starts the scenario's server with an in-memory connector, and checks that the echo function answers.
     *
     * @throws Exception if the server does not start
     */
    @Setup(Level.Trial)
    public void start() throws Exception {
        ACCESS_LOG.setLevel(java.util.logging.Level.WARNING);
        ClbTriggerFilter filter = ClbTriggerFilter.builder()
                .config(E2eHarness.config("/echo", "echo", "{\"FunctionName\":\"echo\",\"MaxConcurrency\":4096}"))
                .function("echo", E2eHarness.ECHO).build();
        switch (scenario) {
            case "echo" -> { }
            case "echo-inspector" -> {
                Consumer<RequestRecord> console = InspectorObserver.create();
                filter.observe(r -> {
                    long bytes = THREADS.getCurrentThreadAllocatedBytes();
                    long start = System.nanoTime();
                    for (int k = 0; k < REPEAT; k++) {
                        console.accept(r);
                    }
                    long nanos = (System.nanoTime() - start) / REPEAT;
                    OBSERVER_BYTES.add((THREADS.getCurrentThreadAllocatedBytes() - bytes) / REPEAT);
                    OBSERVER_NANOS.add(nanos);
                    int i = OBSERVER_CALLS.getAndIncrement();
                    if (i < SAMPLES.length()) {
                        SAMPLES.set(i, nanos);
                    }
                });
            }
            default -> throw new IllegalArgumentException("scenario: echo or echo-inspector, got " + scenario);
        }
        server = new Server();
        local = new LocalConnector(server);
        server.addConnector(local);
        ServletContextHandler context = new ServletContextHandler();
        FilterHolder holder = new FilterHolder(filter);
        holder.setAsyncSupported(true);
        context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder hello = new ServletHolder(new E2eHarness.Hello());
        context.addServlet(hello, "/");
        server.setHandler(context);
        server.start();
        String answer = local.getResponse(REQUEST);
        if (!answer.startsWith("HTTP/1.1 200") || !answer.contains("\"userAgent\":\"wrk\"")) {
            throw new IllegalStateException("echo did not answer: " + answer);
        }
        connection = local.connect();
    }

    /**
     * Stops the server.
     *
     * @throws Exception if it does not stop
     */
    @TearDown(Level.Trial)
    public void stop() throws Exception {
        server.stop();
    }

    /** Starts counting the observer's time afresh, so that warm-up iterations are not in the measured ones. */
    @Setup(Level.Iteration)
    public void resetObserverTime() {
        OBSERVER_NANOS.reset();
        OBSERVER_CALLS.set(0);
        OBSERVER_BYTES.reset();
    }

    /** Prints the observer's mean time over the iteration just ended. */
    @TearDown(Level.Iteration)
    public void printObserverTime() {
        int calls = OBSERVER_CALLS.get();
        if (calls > 0) {
            long[] sorted = new long[Math.min(calls, SAMPLES.length())];
            for (int i = 0; i < sorted.length; i++) {
                sorted[i] = SAMPLES.get(i);
            }
            Arrays.sort(sorted);
            System.out.printf("%nobserver: %d ns per call on average, median %d, p90 %d; %d bytes allocated per call;"
                    + " over %d requests x %d calls%n", OBSERVER_NANOS.sum() / calls, sorted[sorted.length / 2],
                    sorted[sorted.length * 9 / 10], OBSERVER_BYTES.sum() / calls, calls, REPEAT);
        }
    }

    /**
     * One request and its answer, on a kept-alive in-memory connection (as wrk's connections are).
     *
     * @return the raw response
     * @throws Exception if the connector fails
     */
    @Benchmark
    public String request() throws Exception {
        connection.addInputAndExecute(REQUEST);
        return connection.getResponse();
    }
}
