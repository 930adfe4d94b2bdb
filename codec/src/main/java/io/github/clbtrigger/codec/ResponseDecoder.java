package io.github.clbtrigger.codec;

import com.fasterxml.jackson.core.JsonFactory;
import java.util.Objects;

/**
 * Turns a function's return value (an "integration response") into the HTTP response the frontend sends:
 * <pre>{@code
 * {"isBase64Encoded":false,"statusCode":200,"headers":{"Content-Type":"text/html"},"body":"<p>hi</p>"}
 * }</pre>
 *
 * <p>A value is valid when it is one strict JSON object in well-formed UTF-8 (no byte order mark, nothing but
 * whitespace after it, no member name repeated in any object) whose members are:
 * <ul>
 *   <li>{@code statusCode}: required, a JSON integer from 200 to 599 ({@code 200.0}, {@code 1e2}, {@code "200"} are
 *       not);</li>
 *   <li>{@code isBase64Encoded}: optional {@code true} or {@code false}; the default depends on the
 *       {@link Dialect};</li>
 *   <li>{@code headers}: optional object whose values are strings or arrays of strings; an array becomes repeated
 *       header lines in order, an empty array none. Names must be RFC 7230 tokens; values may not hold control
 *       characters other than tab (so no CR, LF or NUL). {@code Content-Length} and the hop-by-hop headers
 *       {@code Connection}, {@code Keep-Alive}, {@code Transfer-Encoding}, {@code Upgrade},
 *       {@code Proxy-Connection}, {@code TE}, {@code Trailer} are checked, then dropped;</li>
 *   <li>{@code body}: optional string, empty when absent; when Base64 it is decoded strictly (standard alphabet,
 *       padding optional, no whitespace, no URL-safe characters), otherwise it is sent as UTF-8 (an unpaired
 *       surrogate escape becomes U+FFFD). The resulting bytes may not exceed {@code maxBodyBytes}.</li>
 * </ul>
 * Member names are case-sensitive. An optional member that is {@code null} counts as absent; other members are
 * ignored (but must still be well-formed JSON within the limits).
 *
 * <p>Anything else yields {@link DecodeResult.Invalid} with the dialect's error response, an {@link InvalidReason},
 * a JSON path and a detail. {@link #decode} never throws, whatever the bytes. Immutable and thread-safe.
 */
public final class ResponseDecoder {

    /** The default limit on the decoded body: 6 MiB, SCF's and FunctionGraph's response limit. */
    public static final int DEFAULT_MAX_BODY_BYTES = 6 * 1024 * 1024;

    /** The default nesting limit of the whole document. */
    public static final int DEFAULT_MAX_DEPTH = 512;

    /** The largest body or string limit a builder accepts: 1 GiB. */
    public static final int MAX_LIMIT = 1 << 30;

    /** The least string limit derived from {@code maxBodyBytes}, so that header values always fit: 64 KiB. */
    private static final int MIN_DERIVED_STRING_LENGTH = 65_536;

    private final Dialect dialect;
    private final int maxBodyBytes;
    private final int maxDepth;
    private final int maxStringLength;
    private final boolean derivedStringLength;
    private final JacksonResponseReader jackson;

    private ResponseDecoder(Builder builder) {
        this.dialect = builder.dialect;
        this.maxBodyBytes = builder.maxBodyBytes;
        this.maxDepth = builder.maxDepth;
        this.derivedStringLength = builder.maxStringLength < 0;
        this.maxStringLength = derivedStringLength
                ? Math.max(base64Length(maxBodyBytes), MIN_DERIVED_STRING_LENGTH) : builder.maxStringLength;
        JsonFactory json = JacksonSetup.factory(maxDepth, maxStringLength, Math.min(maxStringLength, JacksonSetup.MAX_NAME_LENGTH),
                JacksonSetup.MAX_NUMBER_LENGTH);
        this.jackson = new JacksonResponseReader(json, dialect, maxBodyBytes);
    }

    private static int base64Length(int bytes) {
        return (int) Math.min(Integer.MAX_VALUE, ((long) bytes + 2) / 3 * 4);
    }

    /**
     * Starts a builder with the defaults: {@link Dialect#CLB}, 6 MiB body, depth 512, strings as long as the Base64
     * form of the largest body (at least 64 Ki chars).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a builder with this decoder's settings, to derive a variant.
     *
     * @return a new builder
     */
    public Builder newBuilder() {
        Builder builder = new Builder();
        builder.dialect = dialect;
        builder.maxBodyBytes = maxBodyBytes;
        builder.maxDepth = maxDepth;
        builder.maxStringLength = derivedStringLength ? -1 : maxStringLength;
        return builder;
    }

    /**
     * Returns the dialect.
     *
     * @return the dialect whose rules apply
     */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * Returns the limit on the decoded body.
     *
     * @return bytes
     */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * Returns the nesting limit.
     *
     * @return the most nested arrays and objects accepted
     */
    public int maxDepth() {
        return maxDepth;
    }

    /**
     * Returns the string limit.
     *
     * @return the longest string value accepted, in chars
     */
    public int maxStringLength() {
        return maxStringLength;
    }

    /**
     * Returns the dialect's error response, sent for every invalid value.
     *
     * @return for CLB, 403 with {@code {"errno":403,"error":"Analyse scf response failed."}}
     */
    public HttpResponse errorResponse() {
        return dialect.errorResponse();
    }

    /**
     * Decodes a function's return value. Never throws.
     *
     * @param functionValue the bytes the function returned; {@code null} is treated as empty input
     * @return {@link DecodeResult.Valid} with the response, or {@link DecodeResult.Invalid} with the error response
     */
    public DecodeResult decode(byte[] functionValue) {
        if (functionValue != null && ResponseScanner.scan(functionValue, dialect, maxBodyBytes, maxDepth,
                maxStringLength) instanceof ResponseScanner.Decided decided) {
            return new DecodeResult.Valid(decided.response());
        }
        return jackson.read(functionValue);
    }

    /**
     * The general path: Jackson's parser, every check, and the reason when the value is invalid. {@link #decode} takes
     * it for every value its fast path leaves alone; package-private so that tests can compare the two.
     */
    DecodeResult decodeWithJackson(byte[] functionValue) {
        return jackson.read(functionValue);
    }

    /**
     * Configures a {@link ResponseDecoder}. Not thread-safe; {@link #build()} snapshots the settings.
     */
    public static final class Builder {
        private Dialect dialect = Dialect.CLB;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private int maxDepth = DEFAULT_MAX_DEPTH;
        private int maxStringLength = -1;

        private Builder() {
        }

        /**
         * Sets the dialect.
         *
         * @param dialect CLB (the default) or FunctionGraph
         * @return this builder
         */
        public Builder dialect(Dialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        /**
         * Sets the limit on the decoded body.
         *
         * @param maxBodyBytes bytes, 0 to {@link #MAX_LIMIT}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxBodyBytes(int maxBodyBytes) {
            if (maxBodyBytes < 0 || maxBodyBytes > MAX_LIMIT) {
                throw new IllegalArgumentException("maxBodyBytes must be 0 to " + MAX_LIMIT + ", was " + maxBodyBytes);
            }
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /**
         * Sets how deeply the document may nest.
         *
         * @param maxDepth nested arrays and objects, 2 to 10000 (a response needs 3 for an array header)
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxDepth(int maxDepth) {
            if (maxDepth < 2 || maxDepth > 10_000) {
                throw new IllegalArgumentException("maxDepth must be 2 to 10000, was " + maxDepth);
            }
            this.maxDepth = maxDepth;
            return this;
        }

        /**
         * Sets the longest string accepted among those the decoder reads (the body, header names and values; any
         * member name, up to 65536). When not set, it follows
         * {@code maxBodyBytes}: the length of the Base64 form of the largest body, but at least 65536.
         *
         * @param maxStringLength chars, at least 1
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxStringLength(int maxStringLength) {
            if (maxStringLength < 1) {
                throw new IllegalArgumentException("maxStringLength must be at least 1, was " + maxStringLength);
            }
            this.maxStringLength = maxStringLength;
            return this;
        }

        /**
         * Builds the decoder.
         *
         * @return an immutable decoder
         */
        public ResponseDecoder build() {
            return new ResponseDecoder(this);
        }
    }
}
