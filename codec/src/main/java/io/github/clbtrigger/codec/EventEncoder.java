package io.github.clbtrigger.codec;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private static final Set<String> RESERVED = Set.of(
            "x-stgw-time", "x-client-proto", "x-forwarded-proto", "x-client-proto-ver", "x-real-ip",
            "x-real-port", "x-vip", "x-vport", "x-uri", "x-method");

    private static final String FORWARDED_FOR = "x-forwarded-for";

    private final int maxBodyBytes;
    private final int maxDepth;
    private final Set<CustomHeader> customHeaders;
    private final JsonFactory json;

    private EventEncoder(Builder builder) {
        this.maxBodyBytes = builder.maxBodyBytes;
        this.maxDepth = builder.maxDepth;
        this.customHeaders = builder.customHeaders.isEmpty()
                ? Set.of() : Set.copyOf(EnumSet.copyOf(builder.customHeaders));
        this.json = Json.factory(maxDepth, maxBodyBytes, maxBodyBytes, maxBodyBytes);
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
        Map<String, Joined> headers = joinHeaders(request.headers());
        Joined contentType = headers.get("content-type");
        String contentTypeValue = contentType == null ? null : contentType.first;
        try (JsonGenerator out = json.createGenerator(eventJson, JsonEncoding.UTF8)) {
            out.writeStartObject();
            out.writeFieldName("headers");
            writeHeaders(out, request, headers);
            out.writeFieldName("payload");
            boolean base64 = writePayload(out, bytes, contentTypeValue);
            out.writeBooleanField("isBase64Encoded", base64);
            out.writeEndObject();
        }
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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encode(request, body, out);
        return out.toByteArray();
    }

    /**
     * Client headers, grouped by lower-cased name in first-seen order. Names and values are made well-formed first
     * (unpaired surrogates become U+FFFD), so that two names never collapse into one JSON member later.
     */
    private static Map<String, Joined> joinHeaders(List<Header> headers) {
        Map<String, Joined> joined = new LinkedHashMap<>();
        for (Header header : headers) {
            String name = Json.wellFormed(header.name());
            String value = Json.wellFormed(header.value());
            String key = HttpSyntax.lower(name);
            Joined entry = joined.get(key);
            if (entry == null) {
                joined.put(key, new Joined(name, value, key.equals("cookie") ? "; " : ", "));
            } else {
                entry.add(value);
            }
        }
        return joined;
    }

    private void writeHeaders(JsonGenerator out, InboundRequest request, Map<String, Joined> headers)
            throws IOException {
        out.writeStartObject();
        for (Map.Entry<String, Joined> entry : headers.entrySet()) {
            String key = entry.getKey();
            if (RESERVED.contains(key) || key.equals(FORWARDED_FOR)) {
                continue;
            }
            writeHeader(out, entry.getValue().name, entry.getValue().value());
        }
        writeHeader(out, "X-Stgw-Time", stgwTime(request.receivedAt()));
        writeHeader(out, "X-Client-Proto", request.scheme());
        writeHeader(out, "X-Forwarded-Proto", request.scheme());
        writeHeader(out, "X-Client-Proto-Ver", request.protocol());
        writeHeader(out, "X-Real-IP", request.clientIp());
        writeHeader(out, "X-Forwarded-For", forwardedFor(request));
        for (CustomHeader custom : CustomHeader.values()) {
            if (customHeaders.contains(custom)) {
                writeHeader(out, custom.headerName(), customValue(custom, request));
            }
        }
        out.writeEndObject();
    }

    private static void writeHeader(JsonGenerator out, String name, String value) throws IOException {
        out.writeFieldName(name);
        out.writeString(Json.wellFormed(value));
    }

    private static String customValue(CustomHeader custom, InboundRequest request) {
        return switch (custom) {
            case X_VIP -> request.vip();
            case X_VPORT -> Integer.toString(request.vport());
            case X_URI -> request.uri();
            case X_METHOD -> request.method();
            case X_REAL_PORT -> Integer.toString(request.clientPort());
        };
    }

    /** Epoch seconds with exactly three decimals, milliseconds truncated: {@code 1591692977.774}. */
    static String stgwTime(Instant instant) {
        return BigDecimal.valueOf(instant.getEpochSecond())
                .add(BigDecimal.valueOf(instant.getNano() / 1_000_000, 3))
                .setScale(3)
                .toPlainString();
    }

    /** nginx {@code $proxy_add_x_forwarded_for}: the incoming chain, then the client IP. */
    private static String forwardedFor(InboundRequest request) {
        StringBuilder chain = new StringBuilder();
        for (Header header : request.headers()) {
            if (HttpSyntax.lower(header.name()).equals(FORWARDED_FOR)) {
                String value = HttpSyntax.stripOws(header.value());
                if (!value.isEmpty()) {
                    chain.append(value).append(", ");
                }
            }
        }
        return chain.append(request.clientIp()).toString();
    }

    /** Writes the payload value; returns whether it was Base64-encoded. */
    private boolean writePayload(JsonGenerator out, Bytes body, String contentType) throws IOException {
        if (body.length == 0) {
            out.writeString("");
            return false;
        }
        MediaType.BodyKind kind = MediaType.kind(contentType);
        if (kind == MediaType.BodyKind.JSON && isStrictJson(body)) {
            copyJson(body, out);
            return false;
        }
        if (kind != MediaType.BodyKind.BINARY) {
            writeText(out, body, contentType);
            return false;
        }
        out.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, body.buffer, 0, body.length);
        return true;
    }

    private static void writeText(JsonGenerator out, Bytes body, String contentType) throws IOException {
        out.writeString(new String(body.buffer, 0, body.length, MediaType.charset(contentType)));
    }

    /** One JSON value, well-formed UTF-8 without BOM or NUL, no duplicate keys, within the limits. */
    private boolean isStrictJson(Bytes body) {
        if (body.length >= 3 && body.buffer[0] == (byte) 0xEF && body.buffer[1] == (byte) 0xBB
                && body.buffer[2] == (byte) 0xBF) {
            return false;
        }
        for (int i = 0; i < body.length; i++) {
            if (body.buffer[i] == 0) {
                return false;
            }
        }
        if (Utf8.firstMalformed(body.buffer, 0, body.length) >= 0) {
            return false;
        }
        try (JsonParser parser = json.createParser(body.buffer, 0, body.length)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return false;
            }
            if (DuplicateKeys.skipValue(parser) != null) {
                return false;
            }
            return parser.nextToken() == null;
        } catch (JsonProcessingException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Copies an already validated JSON value token by token; numbers and strings keep their exact text. */
    private void copyJson(Bytes body, JsonGenerator out) throws IOException {
        try (JsonParser parser = json.createParser(body.buffer, 0, body.length)) {
            int depth = 0;
            do {
                JsonToken token = parser.nextToken();
                switch (token) {
                    case START_OBJECT:
                        out.writeStartObject();
                        depth++;
                        break;
                    case START_ARRAY:
                        out.writeStartArray();
                        depth++;
                        break;
                    case END_OBJECT:
                        out.writeEndObject();
                        depth--;
                        break;
                    case END_ARRAY:
                        out.writeEndArray();
                        depth--;
                        break;
                    case FIELD_NAME:
                        out.writeFieldName(parser.currentName());
                        break;
                    case VALUE_STRING:
                        out.writeString(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
                        break;
                    case VALUE_NUMBER_INT:
                    case VALUE_NUMBER_FLOAT:
                        out.writeNumber(parser.getText());
                        break;
                    case VALUE_TRUE:
                        out.writeBoolean(true);
                        break;
                    case VALUE_FALSE:
                        out.writeBoolean(false);
                        break;
                    case VALUE_NULL:
                        out.writeNull();
                        break;
                    default:
                        throw new IOException("unexpected JSON token " + token);
                }
            } while (depth > 0);
        }
    }

    /** A client header name as first received, and its values joined. */
    private static final class Joined {
        final String name;
        final String first;
        final String separator;
        private StringBuilder rest;

        Joined(String name, String first, String separator) {
            this.name = name;
            this.first = first;
            this.separator = separator;
        }

        void add(String value) {
            if (rest == null) {
                rest = new StringBuilder(first);
            }
            rest.append(separator).append(value);
        }

        String value() {
            return rest == null ? first : rest.toString();
        }
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
            byte[] buffer = new byte[Math.min(8192, limit + 1)];
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
