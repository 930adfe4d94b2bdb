package io.github.clbtrigger.codec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a request into the CLB trigger event a function receives:
 * <pre>{@code {"headers":{...},"payload":...,"isBase64Encoded":false}}</pre>
 *
 * <p><b>headers</b>: the client's headers in the order received, each name spelled as first received; a repeated name
 * (compared ignoring case) is joined into one value with {@code ", "}, {@code Cookie} with {@code "; "}. Then the
 * headers CLB adds: {@code X-Stgw-Time} (epoch seconds with three decimals, {@code "1591692977.774"}),
 * {@code X-Client-Proto}, {@code X-Forwarded-Proto}, {@code X-Client-Proto-Ver}, {@code X-Real-IP},
 * {@code X-Forwarded-For}, and the enabled {@link CustomHeader}s in their declaration order. A client's own values for
 * these reserved names are dropped, in any case, whether or not the custom header is enabled. {@code X-Forwarded-For}
 * is extended like nginx's {@code $proxy_add_x_forwarded_for}: the client's chain (its values, stripped of spaces and
 * tabs, the empty ones skipped, joined with {@code ", "}), then {@code ", "} and the client IP; just the client IP
 * when no chain came in.
 *
 * <p><b>payload</b>, by the media type of the first {@code Content-Type} header (case and parameters ignored):
 * <ul>
 *   <li>empty body: {@code ""} and {@code isBase64Encoded: false}, whatever the type;</li>
 *   <li>{@code application/json} whose body is one strict JSON value (UTF-8, no BOM, no duplicate keys, at most
 *       {@code maxDepth} levels): that value, numbers and strings copied exactly;</li>
 *   <li>{@code text/*}, {@code application/javascript}, {@code application/xml}, and JSON that does not parse: the
 *       body as a string decoded with the {@code charset} parameter (UTF-8 when absent or unknown; malformed bytes
 *       become U+FFFD);</li>
 *   <li>any other type, including {@code +json} and {@code +xml} types, and no Content-Type: standard Base64 without
 *       line breaks, and {@code isBase64Encoded: true}.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe: build once, share. A body over {@code maxBodyBytes} throws
 * {@link BodyTooLargeException} before anything is written.
 */
public final class EventEncoder {

    /** The default body limit: 6 MiB, SCF's synchronous invocation limit. */
    public static final int DEFAULT_MAX_BODY_BYTES = 6 * 1024 * 1024;

    /** The default nesting limit for a JSON payload. */
    public static final int DEFAULT_MAX_DEPTH = 512;

    /** The largest limit a builder accepts for either setting: 1 GiB. */
    public static final int MAX_LIMIT = 1 << 30;

    private final int maxBodyBytes;
    private final int maxDepth;
    private final Set<CustomHeader> customHeaders;
    private final JacksonPayloadCopy jsonCopy;

    private EventEncoder(Builder builder) {
        this.maxBodyBytes = builder.maxBodyBytes;
        this.maxDepth = builder.maxDepth;
        this.customHeaders = builder.customHeaders.isEmpty()
                ? Set.of() : Set.copyOf(EnumSet.copyOf(builder.customHeaders));
        this.jsonCopy = new JacksonPayloadCopy(JacksonSetup.factory(maxDepth, maxBodyBytes, maxBodyBytes, maxBodyBytes));
    }

    /**
     * Starts a builder with the defaults: 6 MiB body limit, depth 512, no custom headers.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a builder with this encoder's settings, to derive a variant.
     *
     * @return a new builder
     */
    public Builder newBuilder() {
        Builder builder = new Builder();
        builder.maxBodyBytes = maxBodyBytes;
        builder.maxDepth = maxDepth;
        builder.customHeaders = customHeaders.isEmpty()
                ? EnumSet.noneOf(CustomHeader.class) : EnumSet.copyOf(customHeaders);
        return builder;
    }

    /**
     * Returns the body limit.
     *
     * @return the largest accepted body, in bytes
     */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * Returns the nesting limit for a JSON payload.
     *
     * @return the most nested arrays and objects a JSON body may have and still be embedded as JSON
     */
    public int maxDepth() {
        return maxDepth;
    }

    /**
     * Returns the enabled custom headers.
     *
     * @return an immutable set
     */
    public Set<CustomHeader> customHeaders() {
        return customHeaders;
    }

    /**
     * Writes the event for a request to a stream. The body is read to its end (but never beyond the limit) and not
     * closed; nor is {@code eventJson}.
     *
     * @param request   the request
     * @param body      the request body
     * @param eventJson where the UTF-8 event JSON goes
     * @throws BodyTooLargeException if the body is longer than {@link #maxBodyBytes()}; nothing has been written
     * @throws IOException           if reading the body or writing the event fails
     */
    public void encode(InboundRequest request, InputStream body, OutputStream eventJson) throws IOException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(eventJson, "eventJson");
        Bytes bytes = Bytes.read(body, maxBodyBytes);
        eventJson.write(event(request, bytes.buffer, 0, bytes.length).toByteArray());
    }

    /**
     * Returns the event for a request.
     *
     * @param request the request
     * @param body    the request body, read to its end and not closed
     * @return the UTF-8 event JSON
     * @throws BodyTooLargeException if the body is longer than {@link #maxBodyBytes()}
     * @throws IOException           if reading the body fails
     */
    public byte[] encode(InboundRequest request, InputStream body) throws IOException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(body, "body");
        Bytes bytes = Bytes.read(body, maxBodyBytes);
        return event(request, bytes.buffer, 0, bytes.length).toByteArray();
    }

    /**
     * Returns the event for a request whose body is already in memory, byte for byte what
     * {@link #encode(InboundRequest, InputStream)} returns for the same bytes. The body is neither copied nor kept:
     * it must not change while this method runs.
     *
     * @param request the request
     * @param body    holds the request body
     * @param offset  where the body starts in {@code body}
     * @param length  the body's length in bytes
     * @return the UTF-8 event JSON
     * @throws BodyTooLargeException     if {@code length} is over {@link #maxBodyBytes()}
     * @throws IndexOutOfBoundsException if {@code offset} and {@code length} do not lie within {@code body}
     */
    public byte[] encode(InboundRequest request, byte[] body, int offset, int length) throws BodyTooLargeException {
        return checkedEvent(request, body, offset, length).toByteArray();
    }

    /**
     * Returns the event as text, for a function that takes it as a {@code String}: what
     * {@code new String(encode(request, body, offset, length), UTF_8)} returns, with one copy of the event less.
     *
     * @param request the request
     * @param body    holds the request body
     * @param offset  where the body starts in {@code body}
     * @param length  the body's length in bytes
     * @return the event JSON
     * @throws BodyTooLargeException     if {@code length} is over {@link #maxBodyBytes()}
     * @throws IndexOutOfBoundsException if {@code offset} and {@code length} do not lie within {@code body}
     */
    public String encodeToString(InboundRequest request, byte[] body, int offset, int length)
            throws BodyTooLargeException {
        return checkedEvent(request, body, offset, length).toUtf8String();
    }

    /** {@link #event}, after the checks of the in-memory {@code encode} methods. */
    private JsonOut checkedEvent(InboundRequest request, byte[] body, int offset, int length)
            throws BodyTooLargeException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(body, "body");
        Objects.checkFromIndexSize(offset, length, body.length);
        if (length > maxBodyBytes) {
            throw new BodyTooLargeException(maxBodyBytes);
        }
        return event(request, body, offset, length);
    }

    /** The event, written into a buffer sized up front: exactly, when the payload is Base64. */
    private JsonOut event(InboundRequest request, byte[] body, int offset, int length) {
        List<Header> clientHeaders = request.headers();
        int headerChars = headerChars(request);
        EventHeaders headers = EventHeaders.of(clientHeaders);
        String contentType = headers.contentType();
        MediaType.BodyKind kind = length == 0 ? MediaType.BodyKind.TEXT : MediaType.kind(contentType);
        // A JSON body copied as JSON is at most its own length (no quotes around it), so a compact one fills the
        // buffer exactly and toByteArray() hands it over without a copy; one that is not strict JSON after all is
        // written as text into a buffer resized for it then.
        int payload = kind == MediaType.BodyKind.BINARY ? JsonOut.base64Length(length) + 2
                : kind == MediaType.BodyKind.JSON ? length : length + 2;
        // For Base64 the exact size is known once the headers are written: start small, then size it exactly.
        JsonOut out = new JsonOut(kind == MediaType.BodyKind.BINARY ? headerChars + 64
                : headerChars + payload + TAIL_FALSE.length());
        out.ascii("{\"headers\":{");
        headers.write(out, request, customHeaders);
        out.ascii("},\"payload\":");
        boolean base64 = false;
        if (length == 0) {
            out.ascii("\"\"");
        } else if (kind == MediaType.BodyKind.BINARY) {
            out.resizeExactly(out.position() + payload + TAIL_TRUE.length());
            out.base64String(body, offset, length);
            base64 = true;
        } else if (kind != MediaType.BodyKind.JSON) {
            writeText(out, body, offset, length, contentType);
        } else if (!copyJson(out, body, offset, length)) {
            out.resizeExactly(Math.max(out.array().length, out.position() + length + 2 + TAIL_FALSE.length()));
            writeText(out, body, offset, length, contentType);
        }
        out.ascii(base64 ? TAIL_TRUE : TAIL_FALSE);
        return out;
    }

    /** The text around the headers object before the payload: {@code {"headers":{} and <code>},"payload":</code>. */
    private static final int FRAME_CHARS = "{\"headers\":{".length() + "},\"payload\":".length();

    /**
     * The length of the event's text before its payload, exactly or a little over when no value needs escaping (then
     * the buffer is never grown: a grown buffer costs a copy, and another one in {@link JsonOut#toByteArray()}).
     */
    private int headerChars(InboundRequest request) {
        return FRAME_CHARS + EventHeaders.maxLength(request, customHeaders);
    }

    private static final String TAIL_TRUE = ",\"isBase64Encoded\":true}";
    private static final String TAIL_FALSE = ",\"isBase64Encoded\":false}";

    private static void writeText(JsonOut out, byte[] body, int offset, int length, String contentType) {
        Charset charset = MediaType.charset(contentType);
        if (charset != StandardCharsets.UTF_8 || !out.utf8String(body, offset, length)) {
            out.string(JsonText.wellFormed(new String(body, offset, length, charset)));
        }
    }

    /** Appends a JSON body as JSON when it is one strict JSON value; returns {@code false} when it is not. */
    private boolean copyJson(JsonOut out, byte[] body, int offset, int length) {
        if (PayloadScanner.copy(body, offset, length, out, maxDepth)) {
            return true;
        }
        return jsonCopy.copy(body, offset, length, out);
    }

    /** A body read once into a bounded buffer. */
    static final class Bytes {
        final byte[] buffer;
        final int length;

        private Bytes(byte[] buffer, int length) {
            this.buffer = buffer;
            this.length = length;
        }

        static Bytes read(InputStream in, int limit) throws IOException {
            int available = in.available();
            if (in.getClass() == ByteArrayInputStream.class && available <= limit) {
                // An in-memory stream knows its length exactly: one copy, no zeroed buffer to read into first.
                byte[] all = in.readAllBytes();
                if (all.length > limit) {
                    throw new BodyTooLargeException(limit);
                }
                return new Bytes(all, all.length);
            }
            byte[] buffer = new byte[(int) Math.min((long) limit + 1, available > 0 ? available + 1L : 8192)];
            int length = 0;
            while (true) {
                if (length == buffer.length) {
                    if (length > limit) {
                        throw new BodyTooLargeException(limit);
                    }
                    buffer = Arrays.copyOf(buffer, (int) Math.min((long) limit + 1, 2L * buffer.length));
                }
                int n = in.read(buffer, length, buffer.length - length);
                if (n < 0) {
                    return new Bytes(buffer, length);
                }
                length += n;
            }
        }
    }

    /**
     * Configures an {@link EventEncoder}. Not thread-safe; {@link #build()} snapshots the settings.
     */
    public static final class Builder {
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private int maxDepth = DEFAULT_MAX_DEPTH;
        private EnumSet<CustomHeader> customHeaders = EnumSet.noneOf(CustomHeader.class);

        private Builder() {
        }

        /**
         * Sets the largest accepted body.
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
         * Sets how deeply a JSON body may nest and still be embedded as JSON; a deeper one is sent as a string.
         *
         * @param maxDepth nested arrays and objects, 1 to 10000
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxDepth(int maxDepth) {
            if (maxDepth < 1 || maxDepth > 10_000) {
                throw new IllegalArgumentException("maxDepth must be 1 to 10000, was " + maxDepth);
            }
            this.maxDepth = maxDepth;
            return this;
        }

        /**
         * Sets which custom headers the listener's configuration enables (replacing any set before).
         *
         * @param customHeaders the enabled headers, possibly empty
         * @return this builder
         */
        public Builder customHeaders(Set<CustomHeader> customHeaders) {
            List<CustomHeader> copy = new ArrayList<>(Objects.requireNonNull(customHeaders, "customHeaders"));
            EnumSet<CustomHeader> set = EnumSet.noneOf(CustomHeader.class);
            for (CustomHeader header : copy) {
                set.add(Objects.requireNonNull(header, "customHeaders element"));
            }
            this.customHeaders = set;
            return this;
        }

        /**
         * Builds the encoder.
         *
         * @return an immutable encoder
         */
        public EventEncoder build() {
            return new EventEncoder(this);
        }
    }
}
