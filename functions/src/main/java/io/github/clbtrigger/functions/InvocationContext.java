package io.github.clbtrigger.functions;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@link FunctionContext} of one invocation. Its request id is drawn when first asked for, once: most in-process
 * functions never ask, and a UUID's text is a tenth of a microsecond and 100 bytes on every request.
 */
final class InvocationContext implements FunctionContext {

    private static final VarHandle REQUEST_ID;

    static {
        try {
            REQUEST_ID = MethodHandles.lookup().findVarHandle(InvocationContext.class, "requestId", String.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile String requestId;   // null until first asked for
    private final int timeLimitInMs;
    private final int memoryLimitInMb;
    private final String functionName;
    private final String namespace;
    private final String qualifier;
    private final Map<String, String> environment;

    /** A context whose request id is {@code requestId}, or drawn when first asked for if it is {@code null}. */
    InvocationContext(String requestId, int timeLimitInMs, int memoryLimitInMb, String functionName, String namespace,
            String qualifier, Map<String, String> environment) {
        this.requestId = requestId;
        this.timeLimitInMs = timeLimitInMs;
        this.memoryLimitInMb = memoryLimitInMb;
        this.functionName = functionName;
        this.namespace = namespace;
        this.qualifier = qualifier;
        this.environment = environment;
    }

    /** A new invocation of {@code spec}'s function. */
    static InvocationContext of(FunctionSpec spec) {
        return new InvocationContext(null, spec.timeoutSeconds() * 1000, spec.limits().memoryMb(), spec.name(),
                spec.key().namespace(), spec.key().qualifier(), spec.environment());
    }

    @Override
    public String requestId() {
        String id = requestId;
        if (id == null) {
            String drawn = newRequestId();
            id = (String) REQUEST_ID.compareAndExchange(this, (String) null, drawn);
            if (id == null) {
                id = drawn;
            }
        }
        return id;
    }

    /**
     * A version-4 UUID from {@link ThreadLocalRandom}: unique enough to tell invocations apart, without
     * {@code UUID.randomUUID()}'s SecureRandom on every request.
     */
    static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;                                  // version 4
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;    // IETF variant
        return new UUID(high, low).toString();
    }

    @Override
    public int timeLimitInMs() {
        return timeLimitInMs;
    }

    @Override
    public int memoryLimitInMb() {
        return memoryLimitInMb;
    }

    @Override
    public String functionName() {
        return functionName;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public String qualifier() {
        return qualifier;
    }

    @Override
    public Map<String, String> environment() {
        return environment;
    }

    @Override
    public String toString() {
        return "InvocationContext[requestId=" + requestId() + ", function=" + namespace + "/" + functionName + ":"
                + qualifier + "]";
    }
}
