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
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The naive oracle for {@link EventEncoder}: the original implementation (Jackson generator for the whole event, the
 * JSON body parsed twice, Jackson's Base64), kept verbatim so that properties can compare the fast encoder with it.
 */
final class ReferenceEncoder {

    private static final Set<String> RESERVED = Set.of(
            "x-stgw-time", "x-client-proto", "x-forwarded-proto", "x-client-proto-ver", "x-real-ip",
            "x-real-port", "x-vip", "x-vport", "x-uri", "x-method");

    private static final String FORWARDED_FOR = "x-forwarded-for";

    private final int maxBodyBytes;
    private final Set<CustomHeader> customHeaders;
    private final JsonFactory json;

    ReferenceEncoder(EventEncoder encoder) {
        this.maxBodyBytes = encoder.maxBodyBytes();
        this.customHeaders = encoder.customHeaders();
        this.json = JacksonSetup.factory(encoder.maxDepth(), maxBodyBytes, maxBodyBytes, maxBodyBytes);
    }

    byte[] encode(InboundRequest request, InputStream body) throws IOException {
        ByteArrayOutputStream eventJson = new ByteArrayOutputStream();
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
        return eventJson.toByteArray();
    }

    private static Map<String, Joined> joinHeaders(List<Header> headers) {
        Map<String, Joined> joined = new LinkedHashMap<>();
        for (Header header : headers) {
            String name = JsonText.wellFormed(header.name());
            String value = JsonText.wellFormed(header.value());
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
        JacksonSetup.writeName(out, name);
        JacksonSetup.writeString(out, asReceived(JsonText.wellFormed(value)));
    }

    /** A value whose characters are bytes (ISO-8859-1, as parsers hand them over) that are UTF-8: that text. */
    static String asReceived(String value) {
        if (!StandardCharsets.ISO_8859_1.newEncoder().canEncode(value)) {
            return value;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value.getBytes(StandardCharsets.ISO_8859_1))).toString();
        } catch (CharacterCodingException e) {
            return value;
        }
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
        JacksonSetup.writeString(out, new String(body.buffer, 0, body.length, MediaType.charset(contentType)));
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
                        JacksonSetup.writeName(out, parser.currentName());
                        break;
                    case VALUE_STRING:
                        JacksonSetup.writeString(out, parser.getTextCharacters(), parser.getTextOffset(),
                                parser.getTextLength());
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

}
