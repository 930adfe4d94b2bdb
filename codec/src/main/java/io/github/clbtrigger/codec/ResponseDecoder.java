package io.github.clbtrigger.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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
    private final JsonFactory json;

    private ResponseDecoder(Builder builder) {
        this.dialect = builder.dialect;
        this.maxBodyBytes = builder.maxBodyBytes;
        this.maxDepth = builder.maxDepth;
        this.derivedStringLength = builder.maxStringLength < 0;
        this.maxStringLength = derivedStringLength
                ? Math.max(base64Length(maxBodyBytes), MIN_DERIVED_STRING_LENGTH) : builder.maxStringLength;
        this.json = Json.factory(maxDepth, maxStringLength, Math.min(maxStringLength, Json.MAX_NAME_LENGTH),
                Json.MAX_NUMBER_LENGTH);
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
        if (functionValue != null) {
            HttpResponse fast = FastResponse.read(functionValue, dialect, maxBodyBytes, maxDepth, maxStringLength);
            if (fast != null) {
                return new DecodeResult.Valid(fast);
            }
        }
        return decodeWithJackson(functionValue);
    }

    /**
     * The general path: Jackson's parser, every check, and the reason when the value is invalid. {@link #decode} takes
     * it for every value its fast path leaves alone; package-private so that tests can compare the two.
     */
    DecodeResult decodeWithJackson(byte[] functionValue) {
        try {
            return new DecodeResult.Valid(parse(functionValue == null ? new byte[0] : functionValue));
        } catch (Failure failure) {
            return invalid(failure.reason, failure.path, failure.getMessage());
        } catch (IOException | RuntimeException e) {
            // Not expected: every known problem is a Failure. Kept so that the promise "never throws" holds.
            return invalid(InvalidReason.MALFORMED_JSON, "$", "internal error: " + e.getClass().getSimpleName());
        }
    }

    private DecodeResult.Invalid invalid(InvalidReason reason, String path, String detail) {
        return new DecodeResult.Invalid(dialect.errorResponse(), reason, path, Json.safeDetail(detail));
    }

    private HttpResponse parse(byte[] value) throws Failure, IOException {
        checkEncoding(value);
        try (JsonParser parser = json.createParser(value)) {
            Members members;
            try {
                members = readDocument(parser);
            } catch (JsonProcessingException e) {
                throw failure(e, Json.path(parser.getParsingContext()));
            }
            return members.toResponse();
        }
    }

    /**
     * The next token where a member name or the end of an object is due, after the member {@code previous} (null
     * before the first). Jackson reads a name and the start of its value in one step; a failure before the new name
     * is known (a name over the limit, a trailing comma, a comment) leaves the context naming the member before, and
     * is reported at the object's path instead of that member's.
     */
    private static JsonToken nextInObject(JsonParser parser, String previous) throws Failure, IOException {
        try {
            return parser.nextToken();
        } catch (JsonProcessingException e) {
            throw failure(e, failurePath(parser, previous));
        }
    }

    /** A parser's failure at {@code path}: a limit is LIMIT_EXCEEDED, anything else MALFORMED_JSON with its byte. */
    private static Failure failure(JsonProcessingException e, String path) {
        if (e instanceof StreamConstraintsException) {
            return new Failure(InvalidReason.LIMIT_EXCEEDED, path, e.getOriginalMessage());
        }
        String where = e.getLocation() == null ? "" : " (byte " + e.getLocation().getByteOffset() + ")";
        return new Failure(InvalidReason.MALFORMED_JSON, path, Json.message(e) + where);
    }

    private static String failurePath(JsonParser parser, String previous) {
        JsonStreamContext context = parser.getParsingContext();
        boolean stale = context.inObject() && context.getParent() != null
                && java.util.Objects.equals(context.getCurrentName(), previous);
        return Json.path(stale ? context.getParent() : context);
    }

    private static void checkEncoding(byte[] value) throws Failure {
        if (value.length >= 3 && value[0] == (byte) 0xEF && value[1] == (byte) 0xBB && value[2] == (byte) 0xBF) {
            throw new Failure(InvalidReason.MALFORMED_JSON, "$", "byte order mark before the JSON value");
        }
        for (int i = 0; i < value.length; i++) {
            if (value[i] == 0) {
                throw new Failure(InvalidReason.MALFORMED_JSON, "$", "NUL byte at byte " + i);
            }
        }
        int bad = Utf8.firstMalformed(value, 0, value.length);
        if (bad >= 0) {
            throw new Failure(InvalidReason.INVALID_UTF8, "$", "malformed UTF-8 at byte " + bad);
        }
    }

    private Members readDocument(JsonParser parser) throws Failure, IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new Failure(InvalidReason.MALFORMED_JSON, "$", "no JSON value");
        }
        if (first != JsonToken.START_OBJECT) {
            skip(parser);
            checkTrailing(parser);
            throw new Failure(InvalidReason.NOT_AN_OBJECT, "$", "the value is " + describe(first) + ", not an object");
        }
        Members members = new Members();
        Set<String> seen = new HashSet<>();
        JsonToken token;
        String previous = null;
        while ((token = nextInObject(parser, previous)) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            previous = name;
            if (!seen.add(name)) {
                throw duplicate(parser, name);
            }
            JsonToken value = parser.nextToken();
            switch (name) {
                case "statusCode":
                    members.statusCode = statusCode(parser, value);
                    break;
                case "isBase64Encoded":
                    members.base64 = isBase64Encoded(parser, value);
                    break;
                case "headers":
                    members.headers = headers(parser, value);
                    members.headersGiven = value != JsonToken.VALUE_NULL;
                    break;
                case "body":
                    members.body = body(parser, value);
                    break;
                default:
                    skip(parser);
                    break;
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new Failure(InvalidReason.MALFORMED_JSON, Json.path(parser.getParsingContext()),
                    "unexpected " + describe(token));
        }
        checkTrailing(parser);
        return members;
    }

    private static void skip(JsonParser parser) throws Failure, IOException {
        String repeated = DuplicateKeys.skipValue(parser);
        if (repeated != null) {
            throw duplicate(parser, repeated);
        }
    }

    private static Failure duplicate(JsonParser parser, String name) {
        return new Failure(InvalidReason.DUPLICATE_KEY, Json.path(parser.getParsingContext()),
                "member " + Json.quote(name.length() > 64 ? name.substring(0, 64) + "..." : name) + " repeated");
    }

    private static void checkTrailing(JsonParser parser) throws Failure {
        JsonToken next;
        try {
            next = parser.nextToken();
        } catch (IOException e) {
            throw new Failure(InvalidReason.TRAILING_CONTENT, "$", "content after the JSON value");
        }
        if (next != null) {
            throw new Failure(InvalidReason.TRAILING_CONTENT, "$", "another JSON value after the first");
        }
    }

    private static Integer statusCode(JsonParser parser, JsonToken value) throws Failure, IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_NUMBER_INT) {
            String shown = value == JsonToken.VALUE_NUMBER_FLOAT ? "the number " + parser.getText() : describe(value);
            throw new Failure(InvalidReason.BAD_STATUS_CODE, Json.path(parser.getParsingContext()),
                    "must be an integer from 200 to 599, was " + shown);
        }
        String text = parser.getText();
        if (text.length() != 3 || text.charAt(0) < '1' || text.charAt(0) > '5') {
            throw new Failure(InvalidReason.BAD_STATUS_CODE, Json.path(parser.getParsingContext()),
                    "must be from 200 to 599, was " + text);
        }
        if (text.charAt(0) == '1') {
            // an HTTP client takes 1xx for an interim response and waits for the final one, which never comes
            throw new Failure(InvalidReason.BAD_STATUS_CODE, Json.path(parser.getParsingContext()),
                    "must be from 200 to 599 (a 1xx status is not a final response), was " + text);
        }
        return Integer.valueOf(text);
    }

    private static Boolean isBase64Encoded(JsonParser parser, JsonToken value) throws Failure {
        switch (value) {
            case VALUE_NULL:
                return null;
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            default:
                throw new Failure(InvalidReason.BAD_IS_BASE64_ENCODED, Json.path(parser.getParsingContext()),
                        "must be true or false, was " + describe(value));
        }
    }

    private List<Header> headers(JsonParser parser, JsonToken value) throws Failure, IOException {
        if (value == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (value != JsonToken.START_OBJECT) {
            throw new Failure(InvalidReason.BAD_HEADERS, Json.path(parser.getParsingContext()),
                    "must be an object, was " + describe(value));
        }
        List<Header> headers = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        JsonToken token;
        String previous = null;
        while ((token = nextInObject(parser, previous)) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            previous = name;
            if (!seen.add(name)) {
                throw duplicate(parser, name);
            }
            if (!HttpSyntax.isToken(name)) {
                throw new Failure(InvalidReason.BAD_HEADER_NAME, Json.path(parser.getParsingContext()),
                        "header name " + Json.quote(name.length() > 64 ? name.substring(0, 64) + "..." : name)
                                + " is not an HTTP token");
            }
            boolean keep = !HttpSyntax.DROPPED_RESPONSE_HEADERS.contains(HttpSyntax.lower(name));
            JsonToken headerValue = parser.nextToken();
            if (headerValue == JsonToken.VALUE_STRING) {
                addHeader(parser, headers, keep, name);
            } else if (headerValue == JsonToken.START_ARRAY) {
                JsonToken element;
                while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (element != JsonToken.VALUE_STRING) {
                        throw new Failure(InvalidReason.BAD_HEADER_VALUE, Json.path(parser.getParsingContext()),
                                "must be a string, was " + describe(element));
                    }
                    addHeader(parser, headers, keep, name);
                }
            } else {
                throw new Failure(InvalidReason.BAD_HEADER_VALUE, Json.path(parser.getParsingContext()),
                        "must be a string or an array of strings, was " + describe(headerValue));
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new Failure(InvalidReason.MALFORMED_JSON, Json.path(parser.getParsingContext()),
                    "unexpected " + describe(token));
        }
        return headers;
    }

    private static void addHeader(JsonParser parser, List<Header> headers, boolean keep, String name)
            throws Failure, IOException {
        String value = Json.wellFormed(parser.getText());   // an unpaired surrogate escape: U+FFFD, as in the body
        int bad = HttpSyntax.firstBadValueChar(value);
        if (bad >= 0) {
            throw new Failure(InvalidReason.BAD_HEADER_VALUE, Json.path(parser.getParsingContext()),
                    String.format(java.util.Locale.ROOT, "control character U+%04X at index %d",
                            (int) value.charAt(bad), bad));
        }
        if (keep) {
            headers.add(new Header(name, value));
        }
    }

    private static String body(JsonParser parser, JsonToken value) throws Failure, IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new Failure(InvalidReason.BAD_BODY, Json.path(parser.getParsingContext()),
                    "must be a string, was " + describe(value));
        }
        try {
            return parser.getText();
        } catch (StreamConstraintsException e) {
            throw new Failure(InvalidReason.BODY_TOO_LARGE, "$.body", e.getOriginalMessage());
        }
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "the end of input";
        }
        switch (token) {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
                return "true";
            case VALUE_FALSE:
                return "false";
            case VALUE_NULL:
                return "null";
            case END_OBJECT:
                return "the end of an object";
            case END_ARRAY:
                return "the end of an array";
            case FIELD_NAME:
                return "a member name";
            default:
                return token.toString();
        }
    }

    /** The members of one value, checked one by one while parsing. */
    private final class Members {
        Integer statusCode;
        Boolean base64;
        List<Header> headers = List.of();
        boolean headersGiven;
        String body;

        HttpResponse toResponse() throws Failure {
            if (statusCode == null) {
                throw new Failure(InvalidReason.MISSING_STATUS_CODE, "$.statusCode", "statusCode is required");
            }
            if (dialect.bodyAndHeadersRequired() && (body == null || !headersGiven)) {
                String missing = body == null ? "body" : "headers";
                throw new Failure(InvalidReason.MISSING_MEMBER, "$." + missing, missing + " is required in this dialect");
            }
            boolean isBase64 = base64 == null ? dialect.base64ByDefault() : base64;
            String text = body == null ? "" : body;
            return HttpResponse.owning(statusCode, headers, isBase64 ? fromBase64(text) : fromText(text));
        }

        private byte[] fromBase64(String text) throws Failure {
            long length = Base64Strict.decodedLength(text);
            if (length < 0) {
                throw new Failure(InvalidReason.BAD_BASE64, "$.body",
                        "length " + text.length() + " with this padding is not Base64");
            }
            checkSize(length);
            int[] bad = new int[1];
            byte[] bytes = Base64Strict.decode(text, (int) length, bad);
            if (bytes == null) {
                char c = text.charAt(bad[0]);
                throw new Failure(InvalidReason.BAD_BASE64, "$.body", String.format(java.util.Locale.ROOT,
                        "character U+%04X at index %d is not in the standard Base64 alphabet", (int) c, bad[0]));
            }
            return bytes;
        }

        private byte[] fromText(String text) throws Failure {
            long length = Utf8.encodedLength(text);
            checkSize(length);
            return Utf8.encode(text, (int) length);
        }

        private void checkSize(long length) throws Failure {
            if (length > maxBodyBytes) {
                throw new Failure(InvalidReason.BODY_TOO_LARGE, "$.body",
                        "body of " + length + " bytes is over the limit of " + maxBodyBytes);
            }
        }
    }

    /** A problem found while decoding; internal control flow, never leaves {@link #decode}. */
    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        final InvalidReason reason;
        final String path;

        Failure(InvalidReason reason, String path, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
            this.path = path;
        }
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
