package io.github.clbtrigger.codec;

import java.util.List;
import java.util.Objects;

/**
 * The {@code X-CFF-*} request headers Huawei FunctionGraph sends an HTTP function. FunctionGraph documents the names
 * but not the value formats; this project sends:
 * <table>
 *   <caption>X-CFF headers, in the order {@link #headers()} returns them</caption>
 *   <tr><th>Header</th><th>Value</th><th>Example</th></tr>
 *   <tr><td>X-CFF-Request-Id</td><td>{@link #requestId()} as given</td>
 *       <td>{@code 11cdcdcf-3394-9dc6-d722-640a13091c77}</td></tr>
 *   <tr><td>X-CFF-Memory</td><td>{@link #memoryMb()}, decimal megabytes without unit</td><td>{@code 256}</td></tr>
 *   <tr><td>X-CFF-Timeout</td><td>{@link #timeoutSeconds()}, decimal seconds without unit</td><td>{@code 30}</td></tr>
 *   <tr><td>X-CFF-Func-Version</td><td>{@link #functionVersion()}</td><td>{@code latest}</td></tr>
 *   <tr><td>X-CFF-Func-Name</td><td>{@link #functionName()}</td><td>{@code hello}</td></tr>
 *   <tr><td>X-CFF-Project-Id</td><td>{@link #projectId()}</td><td>{@code 0123456789abcdef0123456789abcdef}</td></tr>
 *   <tr><td>X-CFF-Package</td><td>{@link #packageName()}</td><td>{@code default}</td></tr>
 *   <tr><td>X-CFF-Region</td><td>{@link #region()}</td><td>{@code eu-de}</td></tr>
 * </table>
 *
 * <p>The constructor throws {@link NullPointerException} for a {@code null} string and
 * {@link IllegalArgumentException} when memory or timeout is below 1 or a string holds a control character other
 * than tab (it could not be sent as a header value).
 *
 * @param requestId       the request ID
 * @param memoryMb        the function's memory, in MB, at least 1
 * @param timeoutSeconds  the function's timeout, in seconds, at least 1
 * @param functionVersion the version or alias, e.g. {@code latest}
 * @param functionName    the function's name
 * @param projectId       the project ID
 * @param packageName     the app (package) the function belongs to, e.g. {@code default}
 * @param region          the region, e.g. {@code eu-de}
 */
public record FunctionGraphContext(
        String requestId,
        int memoryMb,
        int timeoutSeconds,
        String functionVersion,
        String functionName,
        String projectId,
        String packageName,
        String region) {

    private static final String PREFIX = "X-CFF-";

    /**
     * Creates the value, checked as described above.
     *
     * @param requestId       the request ID
     * @param memoryMb        the function's memory, in MB, at least 1
     * @param timeoutSeconds  the function's timeout, in seconds, at least 1
     * @param functionVersion the version or alias, e.g. {@code latest}
     * @param functionName    the function's name
     * @param projectId       the project ID
     * @param packageName     the app (package) the function belongs to, e.g. {@code default}
     * @param region          the region, e.g. {@code eu-de}
     */
    public FunctionGraphContext {
        checkValue("requestId", requestId);
        checkValue("functionVersion", functionVersion);
        checkValue("functionName", functionName);
        checkValue("projectId", projectId);
        checkValue("packageName", packageName);
        checkValue("region", region);
        if (memoryMb < 1) {
            throw new IllegalArgumentException("memoryMb must be at least 1, was " + memoryMb);
        }
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("timeoutSeconds must be at least 1, was " + timeoutSeconds);
        }
    }

    private static void checkValue(String what, String value) {
        Objects.requireNonNull(value, what);
        if (HttpSyntax.firstBadValueChar(value) >= 0) {
            throw new IllegalArgumentException(what + " holds a control character");
        }
    }

    /**
     * Returns the eight {@code X-CFF-*} header lines, in FunctionGraph's documented order.
     *
     * @return an immutable list of headers
     */
    public List<Header> headers() {
        return List.of(
                new Header("X-CFF-Request-Id", requestId),
                new Header("X-CFF-Memory", Integer.toString(memoryMb)),
                new Header("X-CFF-Timeout", Integer.toString(timeoutSeconds)),
                new Header("X-CFF-Func-Version", functionVersion),
                new Header("X-CFF-Func-Name", functionName),
                new Header("X-CFF-Project-Id", projectId),
                new Header("X-CFF-Package", packageName),
                new Header("X-CFF-Region", region));
    }

    /**
     * Tells whether a header name belongs to FunctionGraph ({@code X-CFF-} prefix, any case), so that a client may
     * not send it to a function.
     *
     * @param name a header name
     * @return {@code true} for {@code X-CFF-Request-Id}, {@code x-cff-anything}; {@code false} for {@code X-CFF},
     *         {@code X-Request-Id} or {@code null}
     */
    public static boolean isReservedHeader(String name) {
        return name != null && name.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }
}
